import { afterEach, describe, expect, it } from "vitest";
import { type BotProcess, startBotProcess, startProcess } from "../support/bot-process.js";

const root = new URL("../..", import.meta.url).pathname;
const running: BotProcess[] = [];

afterEach(() => {
  for (const process of running.splice(0)) process.killAll();
});

describe("npm run demo -- --serve: a rehearsal with fakes that stay up", () => {
  it("prints the .env lines, a bot started with them connects, and a typed prompt becomes a video", async () => {
    const fakes = startProcess(
      [
        process.execPath,
        "--import",
        "tsx",
        "src/demo/run-demo.ts",
        "--serve",
        "--discord-port",
        "0",
        "--ttapi-port",
        "0",
      ],
      { cwd: root, env: { PATH: process.env.PATH ?? "" }, stdin: true },
    );
    running.push(fakes);
    await fakes.logs.waitFor(
      (line) => /^VIDEO_TRUSTED_HOSTS=/m.test(line.msg ?? ""),
      15_000,
      "the .env lines",
    );
    const printed = fakes.logs.entries.map((line) => line.msg).join("\n");
    const env = Object.fromEntries(
      [...printed.matchAll(/^([A-Z_]+)=(\S+)$/gm)].map(([, name, value]) => [name!, value!]),
    );
    expect(Object.keys(env).sort()).toEqual([
      "DISCORD_API_BASE_URL",
      "DISCORD_TOKEN",
      "TTAPI_API_KEY",
      "TTAPI_BASE_URL",
      "VIDEO_TRUSTED_HOSTS",
    ]);

    const bot = startBotProcess({ ...env, STORE_URL: "memory://", TTAPI_POLL_INTERVAL_MS: "50" });
    running.push(bot);
    await bot.ready;
    fakes.child.stdin!.write("a paper boat on a rainy street\n");
    await fakes.logs.waitFor(
      (line) => /Your video is ready/.test(line.msg ?? ""),
      15_000,
      "the finished video in the transcript",
    );
    expect(fakes.logs.entries.map((line) => line.msg).join("\n")).toContain(
      "alice runs /grok-video prompt:a paper boat on a rainy street",
    );
  });
});
