import { connect } from "node:net";
import { Agent, fetch } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import {
  finishedReply,
  freePort,
  freshWorlds,
  shownVideo,
  submitsOf,
  videoLinkIn,
} from "../support/e2e-helpers.js";

const start = freshWorlds();
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

/** A bot with callbacks on, its safety poll ten minutes away: only callbacks move jobs. */
async function startWithCallbacks() {
  const port = await freePort();
  const w = await start({
    env: {
      HOOK_PUBLIC_URL: `http://127.0.0.1:${port}`,
      HOOK_PORT: String(port),
      HOOK_SAFETY_POLL_INTERVAL_MS: "600000",
      HOOK_REQUEST_TIMEOUT_MS: "500",
    },
  });
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const { interactionId } = w.discord.runCommand("grok-video", { prompt: "hook: a lantern" });
  const submit = await w.ttapi.submits.waitFor((s) => s.body.prompt === "hook: a lantern");
  await w.discord.calls.waitFor(
    () => w.discord.originalResponse(interactionId)?.embeds.length === 1,
    5_000,
    "the queued reply",
  );
  return { w, port, interactionId, jobId: submit.jobId!, hookUrl: String(submit.body.hook_url) };
}

/** Finishes the job at TTAPI (which calls back) and returns how long until the video showed. */
async function videoShownAfterSuccess(
  w: FakeWorld,
  jobId: string,
  interactionId: string,
  dispatcher?: Agent,
) {
  const successAt = Date.now();
  expect(await w.ttapi.finishJob(jobId, { status: "SUCCESS" }, dispatcher)).toBe(202);
  const reply = await finishedReply(w, interactionId, 5_000);
  const shown = w.discord.calls.filter(
    (c) => c.method === "PATCH" && videoLinkIn(c.body?.content) !== undefined,
  )[0]!;
  expect(shownVideo(reply).link).toBe(w.ttapi.videoUrl(jobId));
  return shown.at - successAt;
}

describe("the callback receiver answers every request and never wedges a connection", () => {
  it.each([
    ["a 2 MB body", () => JSON.stringify({ status: "x".repeat(2 * 1024 * 1024) })],
    // No Content-Length: the receiver finds out while reading.
    ["a 200 KB chunked body", () => new Blob(["x".repeat(200 * 1024)]).stream()],
  ])("serves a genuine callback on the connection that just sent %s", async (_, body) => {
    const { w, jobId, interactionId, hookUrl } = await startWithCallbacks();
    // One keep-alive connection for everything this client sends.
    const agent = new Agent({ connections: 1, pipelining: 1 });
    agents.push(agent);
    const oversized = await fetch(hookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body(),
      duplex: "half",
      dispatcher: agent,
    }).then(
      (response) => response.status,
      () => "connection closed early",
    );
    expect([413, "connection closed early"]).toContain(oversized);

    expect(await videoShownAfterSuccess(w, jobId, interactionId, agent)).toBeLessThan(250);
    expect(submitsOf(w, "hook: a lantern")).toHaveLength(1);
  });

  it("cuts off a client that trickles its request, and a genuine callback is not delayed", async () => {
    const { w, port, jobId, interactionId, hookUrl } = await startWithCallbacks();
    const slow = connect(port, "127.0.0.1");
    const closed = new Promise<number>((resolve) => slow.once("close", () => resolve(Date.now())));
    slow.on("error", () => undefined);
    const path = new URL(hookUrl).pathname;
    slow.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n`);
    const openedAt = Date.now();
    const trickle = setInterval(() => slow.write("{"), 50);
    try {
      expect(await videoShownAfterSuccess(w, jobId, interactionId)).toBeLessThan(250);
      const cutAfter = await Promise.race([
        closed.then((at) => at - openedAt),
        // Still open after 5 s: as good as never.
        new Promise<number>((resolve) =>
          setTimeout(() => resolve(Number.POSITIVE_INFINITY), 5_000),
        ),
      ]);
      // HOOK_REQUEST_TIMEOUT_MS is 500; Node checks timeouts on an interval of its own.
      expect(cutAfter).toBeLessThan(2_000);
    } finally {
      clearInterval(trickle);
      slow.destroy();
    }
  });
});
