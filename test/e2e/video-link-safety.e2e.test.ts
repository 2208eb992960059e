import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { capturedLog } from "../support/captured-log.js";
import { finishedReply, freshWorlds, shownVideo } from "../support/e2e-helpers.js";

const SECRET = '{"AccessKeyId":"AKIA-TEST-ONLY","SecretAccessKey":"not-a-real-one"}';

/** An internal service (cloud metadata, say) on a loopback address: counts connections. */
const internal: Server[] = [];
async function internalService(host: string): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n${SECRET}`);
  });
  server.listen(0, host);
  await once(server, "listening");
  internal.push(server);
  return { port: (server.address() as { port: number }).port, connections: () => connections };
}
afterEach(async () => {
  await Promise.all(internal.splice(0).map((server) => new Promise((done) => server.close(done))));
});
const start = freshWorlds();

/** Makes a video whose file server answers as `plan` says; returns the finished reply. */
async function videoServed(
  w: FakeWorld,
  prompt: string,
  plan: Parameters<FakeWorld["ttapi"]["serveVideo"]>[1],
) {
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const { interactionId } = w.discord.runCommand("grok-video", { prompt });
  const { jobId } = await w.ttapi.submits.waitFor((s) => s.body.prompt === prompt);
  w.ttapi.serveVideo(jobId!, plan);
  w.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
  return { reply: await finishedReply(w, interactionId), jobId: jobId! };
}

describe("what a video link may point at", () => {
  it("never follows a redirect to an internal address or plain http, and never posts what is not a video", async () => {
    const { lines, logger } = capturedLog();
    // Only the fake TTAPI's own address is trusted (VIDEO_TRUSTED_HOSTS=127.0.0.1).
    const w = await start({ logger });
    const byName = await internalService("127.0.0.1");
    const byAddress = await internalService("127.0.0.2");

    const cases = [
      // https to a name that resolves to loopback: refused after DNS, before connecting.
      {
        redirectTo: `https://localhost:${byName.port}/latest/meta-data/iam/`,
        why: /internal address/,
      },
      // plain http to an address nobody trusted.
      { redirectTo: `http://127.0.0.2:${byAddress.port}/latest/meta-data/`, why: /not https/ },
      // The trusted file server itself, serving something else.
      { instead: { contentType: "application/json", body: SECRET }, why: /content-type/ },
      { instead: { contentType: "video/mp4", body: SECRET }, why: /signature/ },
    ];
    for (const [index, { why, ...plan }] of cases.entries()) {
      const { reply, jobId } = await videoServed(w, `safety: ${index}`, plan);
      // Shown as TTAPI's link, as for any download that failed; nothing attached.
      expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
      const line = lines.entries.find(
        (entry) => entry.msg === "video not attached" && why.test(String(entry.detail ?? "")),
      );
      expect(line, `a log line saying ${why}`).toBeDefined();
    }
    expect(byName.connections()).toBe(0);
    expect(byAddress.connections()).toBe(0);
    const posted = JSON.stringify(w.discord.calls.entries.map((call) => [call.body, call.files]));
    expect(posted).not.toContain("AKIA");
  });
});
