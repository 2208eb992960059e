import { createInterface } from "node:readline";
import { Locale } from "discord-api-types/v10";
import { FakeDiscord } from "../fakes/discord/fake-discord.js";
import { FakeTtapi } from "../fakes/ttapi/fake-ttapi.js";
import { describeCall } from "./transcript.js";

const TTAPI_KEY = "fake-ttapi-key";

/**
 * `npm run demo -- --serve`: a fake Discord and a fake TTAPI that stay up, for a rehearsal
 * of README's "Run it for real" and of the operations steps (npm start, a restart, a backup,
 * store:copy…) with no account and no key. Each line typed is a member's /grok-video.
 */
export async function serveFakes(ports: { discord: number; ttapi: number }): Promise<void> {
  const discord = new FakeDiscord({ token: "fake.demo-bot-token" });
  const ttapi = new FakeTtapi({ apiKey: TTAPI_KEY });
  await Promise.all([discord.start(ports.discord), ttapi.start(ports.ttapi)]);
  const names = new Map(Object.values(discord.users).map((user) => [user.id, user.username]));
  discord.calls.subscribe((call) => {
    const text = describeCall(call, names, Locale.EnglishUS);
    if (text) console.log(text);
  });

  console.log(`Fake Discord at ${discord.apiBaseUrl}, fake TTAPI at ${ttapi.baseUrl}.

Put these lines in .env (the rest as in .env.example), then run \`npm start\` in another
terminal and wait for "bot ready":

DISCORD_TOKEN=${discord.token}
DISCORD_API_BASE_URL=${discord.apiBaseUrl}
TTAPI_API_KEY=${TTAPI_KEY}
TTAPI_BASE_URL=${ttapi.baseUrl}
VIDEO_TRUSTED_HOSTS=127.0.0.1

Then type a prompt here and press Enter: alice runs /grok-video with it, and what she would
see in Discord is printed. Prompts with [fail], [slow] or [banned] fail, take longer, or are
refused by the fake TTAPI. Ctrl-C stops the fakes.
`);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const prompt = line.trim();
    if (!prompt) return;
    if (discord.gatewayShards.length === 0) {
      console.log("No bot is connected yet: start it with `npm start` (and the .env above).");
      return;
    }
    console.log(`alice runs /grok-video prompt:${prompt}`);
    discord.runCommand("grok-video", { prompt });
  });
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    lines.once("close", resolve);
  });
  lines.close();
  await Promise.all([discord.stop(), ttapi.stop()]);
}
