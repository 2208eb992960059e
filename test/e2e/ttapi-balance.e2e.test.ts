import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { capturedLog } from "../support/captured-log.js";
import { finishedReply, freePort, freshWorlds, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();
const EMPTY = "TTAPI's balance is empty (HTTP 402)";

describe.each(backends)("TTAPI's balance runs out, on $name", ({ prepare }) => {
  it("stops submitting, queues requests saying why, tells the operator once, and recovers", async (context) => {
    const port = await freePort();
    const log = capturedLog("info", []);
    const w = await start({
      storeUrl: await prepare(context),
      logger: log.logger,
      env: ({ discord }) => ({
        OPERATOR_USER_IDS: discord.users.owner.id,
        BALANCE_RECHECK_MINUTES: "0.01",
        METRICS_PORT: String(port),
      }),
    });
    const { discord, ttapi } = w;
    const healthz = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    const title = (interactionId: string) =>
      discord.originalResponse(interactionId)?.embeds[0]?.title;
    const dms = () =>
      discord.calls.filter(
        (c) => c.method === "POST" && c.path === `/channels/${discord.dmChannelId}/messages`,
      );

    // The first try and the first recheck find the balance empty; then it is topped up.
    ttapi.scriptSubmits(
      { httpStatus: 402, message: "Insufficient balance" },
      { httpStatus: 402, message: "Insufficient balance" },
    );
    const first = discord.runCommand("grok-video", { prompt: "balance: first" });
    await discord.calls.waitFor(
      () => title(first.interactionId)?.includes("TTAPI balance is empty") === true,
    );
    await log.lines.waitFor((l) => String(l.msg).startsWith(EMPTY));
    expect(await healthz()).toMatchObject({ status: "ok", ttapiBalance: "empty" });

    // A request meanwhile waits in line instead of failing on its own.
    const second = discord.runCommand("grok-video", { prompt: "balance: second" });
    await discord.calls.waitFor(() => title(second.interactionId)?.startsWith("⏸") === true);

    for (const { interactionId } of [first, second]) await finishedReply(w, interactionId, 15_000);
    // Two 402s, then one submit each: none was made twice.
    expect(ttapi.submits.entries.filter((s) => s.jobId === undefined)).toHaveLength(2);
    expect(submitsOf(w, "balance: second").filter((s) => s.jobId)).toHaveLength(1);
    // Told once for the whole outage: one error line, one DM.
    expect(log.lines.filter((l) => String(l.msg).startsWith(EMPTY))).toHaveLength(1);
    expect(dms()).toHaveLength(1);
    expect(String(dms()[0]!.body?.content)).toContain(EMPTY);
    expect(await healthz()).toEqual({ status: "ok", version: VERSION });

    // A new outage is a new message.
    ttapi.scriptSubmits({ httpStatus: 402, message: "Insufficient balance" });
    const third = discord.runCommand("grok-video", { prompt: "balance: third" });
    await finishedReply(w, third.interactionId, 15_000);
    expect(dms()).toHaveLength(2);
  });
});
