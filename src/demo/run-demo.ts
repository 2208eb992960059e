import type { FakeOptionValue } from "../fakes/discord/discord-payloads.js";
import type { RestCall } from "../fakes/discord/fake-discord.js";
import { startFakeWorld } from "../fakes/fake-world.js";
import { describeCall } from "./transcript.js";

/**
 * `npm run demo`: the real bot against a fake Discord and a fake TTAPI, no accounts or
 * keys needed. Plays a few scenarios and prints what a member would see in Discord.
 */
const world = await startFakeWorld({
  env: { TTAPI_POLL_INTERVAL_MS: "400", TTAPI_POLL_MAX_INTERVAL_MS: "800" },
});
const startedAt = Date.now();
const stamp = () => `[+${((Date.now() - startedAt) / 1000).toFixed(2)}s]`;
const names = new Map(Object.values(world.discord.users).map((user) => [user.id, user.username]));
world.discord.calls.subscribe((call: RestCall) => {
  const text = describeCall(call, names);
  if (text) console.log(`${stamp()} ${text}`);
});

async function scenario(title: string, options: Record<string, FakeOptionValue>, done: RegExp) {
  console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}`);
  const shown = Object.entries(options)
    .map(
      ([name, value]) =>
        `${name}:${typeof value !== "object" ? value : "filename" in value ? value.filename : `@${value.userId}`}`,
    )
    .join(" ");
  console.log(`${stamp()} alice runs /grok-video ${shown}`);
  const since = Date.now();
  world.discord.runCommand("grok-video", options);
  await world.discord.calls.waitFor(
    (call) => call.at >= since && done.test(JSON.stringify(call.body ?? {})),
    30_000,
    title,
  );
}

try {
  console.log(`Fake Discord at ${world.discord.apiBaseUrl}, fake TTAPI at ${world.ttapi.baseUrl}`);
  await scenario(
    "A video is made",
    {
      prompt: "a red panda skateboarding through Shanghai at night",
      aspect_ratio: "9:16",
      length: 15,
    },
    /\.mp4/,
  );
  await scenario(
    "TTAPI fails the job",
    { prompt: "a thunderstorm over the sea [fail]" },
    /No video/,
  );
  await scenario(
    "Invalid input",
    { prompt: "a cat", length: 5, aspect_ratio: "4:3" },
    /can't be done/,
  );
  console.log(`\nDemo finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
} finally {
  await world.stop();
}
