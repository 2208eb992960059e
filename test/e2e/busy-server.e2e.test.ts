import { describe, expect, it } from "vitest";
import type { FakeMessage } from "../../src/fakes/discord/fake-discord.js";
import {
  callbackOf,
  finishedReply,
  freshWorlds,
  isFinished,
  isPrivateAnswer,
  shownVideo,
  submitsOf,
} from "../support/e2e-helpers.js";

const start = freshWorlds();

const placeIn = (message: FakeMessage | undefined) =>
  message?.embeds[0]?.fields?.find((field) => field.name === "Place in line")?.value;

describe("a busy server gets a line, not a refusal", () => {
  it("makes a video for each of 100 members asking within one second, on default settings", async () => {
    // Default caps (20 at TTAPI per server, 3 per member); places re-shown every 200 ms.
    const w = await start({ env: { WAITING_UPDATE_INTERVAL_MS: "200" } });
    const members = Array.from({ length: 100 }, (_, i) => w.discord.addMember(`member${i}`));
    const placesSeen = new Map<string, Set<string>>();
    const waited = new Set<string>();
    const byToken = new Map<string, string>();
    // Each edit is looked at once, on its own reply (not 100 waits each reading every
    // reply at every edit): the test's own work stays small beside the bot's, in the same
    // process, when the machine is busy.
    const finished = new Set<string>();
    let allFinished: () => void = () => undefined;
    const everyVideo = new Promise<void>((resolve) => {
      allFinished = resolve;
    });
    w.discord.calls.subscribe((call) => {
      const interactionId = byToken.get(call.path.split("/")[3] ?? "");
      if (!interactionId) return;
      const message = w.discord.originalResponse(interactionId);
      const place = placeIn(message);
      if (place) placesSeen.get(interactionId)!.add(place);
      if (message?.embeds[0]?.title?.startsWith("⏸")) waited.add(interactionId);
      if (isFinished(message)) finished.add(interactionId);
      if (finished.size === members.length) allFinished();
    });
    // Spread over one second, 10 ms apart, as members typing at once are.
    const sent = await Promise.all(
      members.map(async (member, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 10));
        const at = Date.now();
        const run = w.discord.runCommand("grok-video", { prompt: `busy ${i}` }, member);
        placesSeen.set(run.interactionId, new Set());
        byToken.set(run.token, run.interactionId);
        return { interactionId: run.interactionId, at };
      }),
    );
    await Promise.race([
      everyVideo,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`${finished.size} of 100 finished in 45 s`)), 45_000),
      ),
    ]);
    const replies = sent.map(({ interactionId }) => w.discord.originalResponse(interactionId)!);
    for (const { interactionId, at } of sent) {
      const ack = w.discord.calls.filter(callbackOf(interactionId))[0]!;
      expect(ack.status).toBe(204);
      expect(ack.at - at).toBeLessThan(3_000);
    }
    expect(replies.every((reply) => shownVideo(reply).file !== undefined)).toBe(true);
    expect(w.ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(100);
    expect(w.ttapi.peakRunningJobs).toBeLessThanOrEqual(20);
    // Most had to wait (80, unless an early video freed a slot first), and each one that
    // waited was shown its place.
    expect(waited.size).toBeGreaterThanOrEqual(60);
    expect([...waited].filter((id) => placesSeen.get(id)!.size === 0)).toEqual([]);
    expect(w.discord.calls.filter(isPrivateAnswer)).toHaveLength(0);
  }, 60_000);

  it("still refuses a member past their own cap, so one member cannot fill the line", async () => {
    const w = await start({
      env: { MAX_ACTIVE_JOBS_PER_GUILD: "1", MAX_ACTIVE_JOBS_PER_USER: "2" },
    });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const first = w.discord.runCommand("grok-video", { prompt: "cap: first" });
    const second = w.discord.runCommand("grok-video", { prompt: "cap: second" });
    await w.discord.calls.waitFor(
      () => placeIn(w.discord.originalResponse(second.interactionId)) === "1",
      5_000,
      "the second request's place in line",
    );
    w.discord.runCommand("grok-video", { prompt: "cap: third" });
    const refusal = await w.discord.calls.waitFor(isPrivateAnswer, 5_000, "the refusal");
    expect(String(refusal.body?.content)).toContain(
      "You already have 2 videos being made or waiting",
    );
    expect(submitsOf(w, "cap: third")).toHaveLength(0);
    expect(submitsOf(w, "cap: second")).toHaveLength(0);
    expect(w.discord.originalResponse(first.interactionId)?.content).toBe("");
  });

  it("refuses beyond MAX_WAITING_PER_GUILD, saying the line is full", async () => {
    const w = await start({
      env: { MAX_ACTIVE_JOBS_PER_GUILD: "1", MAX_WAITING_PER_GUILD: "2" },
    });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const members = [0, 1, 2, 3].map((i) => w.discord.addMember(`line${i}`));
    for (const [i, member] of members.entries()) {
      w.discord.runCommand("grok-video", { prompt: `full line ${i}` }, member);
    }
    const refusal = await w.discord.calls.waitFor(isPrivateAnswer, 5_000, "the refusal");
    expect(String(refusal.body?.content)).toContain(
      "This server already has 2 requests waiting in line",
    );
    expect(w.discord.calls.filter(isPrivateAnswer)).toHaveLength(1);
  });

  it("sends the next request in line as soon as a job finishes, and moves the others up", async () => {
    const w = await start({
      env: {
        MAX_ACTIVE_JOBS_PER_GUILD: "1",
        SUBMIT_RETRY_DELAY_MS: "600000",
        WAITING_UPDATE_INTERVAL_MS: "10",
      },
    });
    w.ttapi.scriptSubmits(
      { accept: true, steps: [{ status: "ON_QUEUE" }] },
      { accept: true, steps: [{ status: "ON_QUEUE" }] },
    );
    const [first, second, third] = ["first", "second", "third"].map((name) => {
      const member = w.discord.addMember(name);
      return w.discord.runCommand("grok-video", { prompt: `next: ${name}` }, member);
    });
    const placeOf = (interactionId: string) => placeIn(w.discord.originalResponse(interactionId));
    await w.discord.calls.waitFor(
      () => placeOf(second!.interactionId) === "1" && placeOf(third!.interactionId) === "2",
      5_000,
      "places 1 and 2",
    );
    await w.ttapi.submits.waitFor((s) => s.body.prompt === "next: first" && s.jobId !== undefined);
    w.ttapi.scriptJob(submitsOf(w, "next: first")[0]!.jobId!, [{ status: "SUCCESS" }]);
    await finishedReply(w, first!.interactionId);
    // The second is sent at once (the retry delay is ten minutes); the third moves up.
    await w.ttapi.submits.waitFor(
      (s) => s.body.prompt === "next: second" && s.jobId !== undefined,
      5_000,
    );
    await w.discord.calls.waitFor(
      () => placeOf(third!.interactionId) === "1",
      5_000,
      "the third request's new place",
    );
    expect(submitsOf(w, "next: third")).toHaveLength(0);
  });

  it("sends the next request as soon as TTAPI has a slot again after a 499", async () => {
    const w = await start({
      ttapi: { concurrencyLimit: 1 },
      env: { SUBMIT_RETRY_DELAY_MS: "600000" },
    });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const first = w.discord.runCommand("grok-video", { prompt: "slot: first" });
    await w.ttapi.submits.waitFor((s) => s.jobId !== undefined);
    const second = w.discord.runCommand("grok-video", { prompt: "slot: second" });
    await w.discord.calls.waitFor(
      () => placeIn(w.discord.originalResponse(second.interactionId)) === "1",
      5_000,
      "the place in line",
    );
    w.ttapi.scriptJob(submitsOf(w, "slot: first")[0]!.jobId!, [{ status: "SUCCESS" }]);
    await finishedReply(w, first.interactionId);
    const reply = await finishedReply(w, second.interactionId, 5_000);
    expect(shownVideo(reply).file).toBeDefined();
  });
});
