import { describe, expect, it } from "vitest";
import { videoLinkIn } from "../support/e2e-helpers.js";
import { processFixture } from "../support/process-fixture.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();

const fixture = processFixture("process-key");
const { start } = fixture;

describe.each(backends)("the bot as a process, on $name", ({ prepare }) => {
  it("delivers the video after kill -9 while the job was generating", async (context) => {
    fixture.env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    fixture.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = fixture.discord.runCommand("grok-video", {
      prompt: "crash: a whale",
    });
    await fixture.discord.calls.waitFor(
      () =>
        JSON.stringify(fixture.discord.originalResponse(interactionId)?.embeds ?? []).includes(
          "Generating",
        ),
      10_000,
      "the generating status",
    );
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const jobId = fixture.ttapi.submits.entries[0]!.jobId!;
    fixture.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
    const second = start();
    await second.ready;
    await fixture.discord.calls.waitFor(
      () =>
        videoLinkIn(fixture.discord.originalResponse(interactionId)?.content) ===
        fixture.ttapi.videoUrl(jobId),
      10_000,
      "the video after the restart",
    );
    expect(fixture.ttapi.submits.entries).toHaveLength(1);
  });

  it("delivers the video once after kill -9 in the middle of its download", async (context) => {
    fixture.env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    fixture.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = fixture.discord.runCommand("grok-video", {
      prompt: "crash: a heron",
    });
    const { jobId } = await fixture.ttapi.submits.waitFor(
      (s) => s.body.prompt === "crash: a heron",
    );
    let finishServing: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      finishServing = resolve;
    });
    fixture.ttapi.serveVideo(jobId!, { gate });
    fixture.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
    await fixture.ttapi.videoRequests.waitFor(() => true, 10_000, "the download to start");
    first.child.kill("SIGKILL");
    await first.exited;
    finishServing();

    const second = start();
    await second.ready;
    const reply = await fixture.discord.calls.waitFor(
      () => fixture.discord.originalResponse(interactionId)?.files.length === 1,
      10_000,
      "the attached video after the restart",
    );
    expect(reply.status).toBe(200);
    const message = fixture.discord.originalResponse(interactionId)!;
    expect(message.files.map((file) => file.data)).toEqual([fixture.ttapi.videoBytes]);
    expect(videoLinkIn(message.content)).toBe(fixture.ttapi.videoUrl(jobId!));
    expect(fixture.discord.calls.filter((c) => c.files.length > 0)).toHaveLength(1);
    expect(fixture.ttapi.videoRequests.entries).toHaveLength(2);
  });
});

describe("the bot as a process", () => {
  it("says at start, in one error line, that TTAPI refuses its key", async () => {
    fixture.env.TTAPI_API_KEY = "a-key-ttapi-refuses";
    const bot = start();
    await bot.ready;
    const line = await bot.logs.waitFor(
      (entry) => entry.msg?.startsWith("TTAPI refused TTAPI_API_KEY") === true,
      10_000,
      "the key check",
    );
    expect(line.level).toBe(50);
    expect(JSON.stringify(bot.logs.entries)).not.toContain("a-key-ttapi-refuses");
  });

  it("exits 0 within a few seconds of SIGTERM, closing the gateway", async () => {
    const bot = start();
    await bot.ready;
    const sentAt = Date.now();
    bot.child.kill("SIGTERM");
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(5_000);
    expect(bot.logs.entries.some((line) => line.msg === "shutting down")).toBe(true);
  });
});
