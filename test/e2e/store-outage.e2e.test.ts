import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it, type TestContext } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { en } from "../support/catalog-text.js";
import {
  answerTo,
  callbackOf,
  finishedReply,
  freshWorlds,
  shownVideo,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const backends = storeBackends();
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
// Registered after the proxies' hook, so it runs before it: the bot stops while it still
// reaches its store.
const start = freshWorlds();

/** The store the bot uses, and how to take it away (and give it back) while the bot runs. */
async function storeWithOutage(name: "sqlite" | "redis", url: string) {
  if (name === "redis") {
    // The bot reaches Redis through a proxy the test can cut, as a network would.
    const proxy = await startTcpProxy(Number(new URL(url).port));
    proxies.push(proxy);
    return {
      url: `redis://127.0.0.1:${proxy.port}`,
      takeAway: async () => {
        await proxy.cut();
        return () => proxy.restore();
      },
    };
  }
  return {
    url,
    // Another process holds the file's write lock (a backup tool, a second bot).
    takeAway: async () => {
      const holder = new BetterSqlite3(url.slice("sqlite://".length));
      holder.exec("BEGIN EXCLUSIVE");
      return async () => {
        holder.exec("COMMIT");
        holder.close();
      };
    },
  };
}

describe.each(backends)("the store away while the bot runs, on $name", ({ name, prepare }) => {
  it("answers a command within 3 s, charges nothing, and logs the outage once and its end once", async (context: TestContext) => {
    const store = await storeWithOutage(name, await prepare(context));
    const { lines, logger } = capturedLog();
    const w = await start({
      storeUrl: store.url,
      logger,
      env: { STORE_TIMEOUT_MS: "1000", SQLITE_BUSY_TIMEOUT_MS: "200" },
    });
    const giveBack = await store.takeAway();

    const sentAt = Date.now();
    const asked = w.discord.runCommand("grok-video", { prompt: "outage: a gull" });
    const answer = await answerTo(w, asked);
    expect(answer).toBe(en.storeUnreachable);
    const ack = w.discord.calls.filter(callbackOf(asked.interactionId))[0]!;
    expect(ack.at - sentAt).toBeLessThan(3_000);
    // A second member meanwhile: told too, and still one line in the log.
    await answerTo(w, w.discord.runCommand("grok-usage", {}, w.discord.users.bob));
    expect(w.ttapi.submits.entries).toHaveLength(0);

    await giveBack();
    await lines.waitFor((line) => line.msg === "store back", 10_000, "the store back");
    const said = (msg: string) => lines.entries.filter((line) => line.msg === msg);
    expect(said("store unreachable")).toHaveLength(1);
    expect(said("store back")).toHaveLength(1);
    expect(said("store error")).toHaveLength(0);

    const next = w.discord.runCommand("grok-video", { prompt: "outage: after" });
    expect(shownVideo(await finishedReply(w, next.interactionId)).file).toBeDefined();
  });
});
