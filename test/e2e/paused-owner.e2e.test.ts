import { describe, expect, it, type TestContext } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { processFixture } from "../support/process-fixture.js";
import { redisBackend } from "../support/store-backends.js";
import { storedUsage } from "../support/stored-usage.js";

const redis = redisBackend();
const fixture = processFixture("paused-key");
const { start } = fixture;

describe("an owner paused past its lease (SIGSTOP), on redis", () => {
  /**
   * An owner with one job generating and a standby: the owner is paused at `pauseWhen`, the
   * standby takes over and shows the video (`finish` lets TTAPI finish it), then the owner
   * wakes; how it ended is returned.
   */
  async function pauseOwner(
    context: TestContext,
    pauseWhen: (jobId: string, interactionId: string) => Promise<unknown>,
    finish: (jobId: string) => void,
  ) {
    const url = await redis.prepare(context);
    fixture.env.STORE_URL = url;
    // Renewed every 500 ms; the standby tries as often and takes over 1.5 s after the pause.
    fixture.env.OWNER_LEASE_MS = "1500";
    const { ttapi, discord } = fixture;
    const owner = start();
    await owner.ready;
    const standby = start();
    await standby.logs.waitFor((line) => line.msg?.startsWith("standing by") === true, 15_000);
    ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const run = discord.runCommand("grok-video", { prompt: "fenced: a lynx" });
    const { jobId } = await ttapi.submits.waitFor((s) => s.jobId !== undefined, 10_000);
    await pauseWhen(jobId!, run.interactionId);
    process.kill(owner.child.pid!, "SIGSTOP");
    try {
      await standby.logs.waitFor((line) => line.msg === "bot ready", 10_000, "the takeover");
      finish(jobId!);
      await discord.calls.waitFor(
        () => discord.originalResponse(run.interactionId)?.files.length === 1,
        15_000,
        "the video, from the standby",
      );
    } finally {
      process.kill(owner.child.pid!, "SIGCONT");
    }
    const exit = await Promise.race([
      owner.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("the woken owner did not stop")), 10_000),
      ),
    ]);
    return { url, owner, exit };
  }

  /** Stopped at once, having sent, submitted and counted nothing more than the standby did. */
  async function expectNothingMore(woken: Awaited<ReturnType<typeof pauseOwner>>) {
    const { ttapi, discord } = fixture;
    expect(woken.exit.code).toBe(EXIT.crash);
    expect(
      woken.owner.logs.entries.some((line) => line.msg?.startsWith("another process took over")),
    ).toBe(true);
    // One upload of the video: the standby's (the woken owner held the file, or polled it).
    expect(discord.calls.filter((call) => call.files.length > 0)).toHaveLength(1);
    expect(ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(1);
    // Counted once, in the server's usage as the bot reads it.
    expect(await storedUsage(woken.url, discord.guild.id, discord.users.alice.id)).toEqual({
      server: 1,
      member: 1,
    });
  }

  it("paused while the video generates: wakes after the standby showed it, and stops", async (context) => {
    const { ttapi, discord } = fixture;
    const woken = await pauseOwner(
      context,
      // Saved as accepted (then shown): the standby polls it rather than awaiting a callback.
      (_, interactionId) =>
        discord.calls.waitFor(
          () =>
            JSON.stringify(discord.originalResponse(interactionId)?.embeds ?? []).includes(
              "Generating",
            ),
          10_000,
          "the generating status",
        ),
      (jobId) => ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]),
    );
    await expectNothingMore(woken);
  });

  it("paused in the middle of the video's download: wakes with the file, and does not send it", async (context) => {
    const { ttapi } = fixture;
    let finishServing: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      finishServing = resolve;
    });
    const woken = await pauseOwner(
      context,
      (jobId) => {
        ttapi.serveVideo(jobId, { gate });
        ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
        return ttapi.videoRequests.waitFor(() => true, 10_000, "the owner's download");
      },
      // The standby's download is held too, until both have asked: then both get the file.
      () =>
        void ttapi.videoRequests
          .waitFor(() => ttapi.videoRequests.entries.length === 2, 10_000, "the standby's download")
          .then(finishServing),
    );
    await expectNothingMore(woken);
  });
});
