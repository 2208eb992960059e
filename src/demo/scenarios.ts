import { Locale } from "discord-api-types/v10";
import type { FakeOptionValue } from "../fakes/discord/discord-payloads.js";
import { PERMISSIONS, type RestCall } from "../fakes/discord/fake-discord.js";
import { startFakeWorld } from "../fakes/fake-world.js";
import { describeCall } from "./transcript.js";

/**
 * `npm run demo`: the real bot against a fake Discord and a fake TTAPI, no accounts or
 * keys needed. Plays a few scenarios and prints what a member would see in Discord.
 */
export async function playScenarios(): Promise<void> {
  const world = await startFakeWorld({
    env: { TTAPI_POLL_INTERVAL_MS: "400", TTAPI_POLL_MAX_INTERVAL_MS: "800" },
  });
  const { discord } = world;
  const startedAt = Date.now();
  const stamp = () => `[+${((Date.now() - startedAt) / 1000).toFixed(2)}s]`;
  /** A member whose Discord is set to Simplified Chinese: the bot answers them in Chinese. */
  const li = discord.addMember("li", PERMISSIONS.member, Locale.ChineseCN);
  const names = new Map(
    [...Object.values(discord.users), li].map((user) => [user.id, user.username]),
  );
  /** Whose Discord the transcript shows: relative times are in their language. */
  let viewerLocale: string = Locale.EnglishUS;
  discord.calls.subscribe((call: RestCall) => {
    const text = describeCall(call, names, viewerLocale);
    if (text) console.log(`${stamp()} ${text}`);
  });

  /** Runs one step and waits until the bot has answered it completely. */
  async function scenario(title: string, act: () => void, done: (call: RestCall) => boolean) {
    console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}`);
    const seen = discord.calls.entries.length;
    act();
    const isNew = (call: RestCall) => discord.calls.entries.indexOf(call) >= seen;
    await discord.calls.waitFor((call) => isNew(call) && done(call), 30_000, title);
  }

  function command(options: Record<string, FakeOptionValue>) {
    const shown = Object.entries(options)
      .map(
        ([name, value]) => `${name}:${typeof value !== "object" ? value : JSON.stringify(value)}`,
      )
      .join(" ");
    console.log(`${stamp()} alice runs /grok-video ${shown}`);
    return discord.runCommand("grok-video", options);
  }

  /** Finished jobs end with the bot adding its own 🔁 to the message. */
  const botReacted = (call: RestCall) => call.method === "PUT" && call.path.includes("/reactions/");

  try {
    console.log(`Fake Discord at ${discord.apiBaseUrl}, fake TTAPI at ${world.ttapi.baseUrl}`);
    let firstReply = "";
    await scenario(
      "A video is made",
      () => {
        const { interactionId } = command({
          prompt: "a red panda skateboarding through Shanghai at night",
          aspect_ratio: "9:16",
          length: 15,
        });
        firstReply = interactionId;
      },
      botReacted,
    );
    await scenario(
      "alice reacts 🔁 to make it again",
      () => {
        const message = discord.originalResponse(firstReply)!;
        console.log(`${stamp()} alice reacts 🔁 to the bot's reply`);
        discord.react(message.id, "🔁", discord.users.alice);
      },
      (call) => botReacted(call) && !call.path.includes(discord.originalResponse(firstReply)!.id),
    );
    await scenario(
      "TTAPI fails the job",
      () => command({ prompt: "a thunderstorm over the sea [fail]" }),
      botReacted,
    );
    await scenario(
      "Invalid input",
      () => command({ prompt: "a cat", length: 5, aspect_ratio: "4:3" }),
      (call) => /can't be done/.test(JSON.stringify(call.body ?? {})),
    );
    await scenario(
      "li, whose Discord is in Chinese (zh-CN), makes a video",
      () => {
        viewerLocale = Locale.ChineseCN;
        console.log(`${stamp()} li runs /grok-video prompt:一只熊猫在竹林里打太极`);
        discord.runCommand("grok-video", { prompt: "一只熊猫在竹林里打太极" }, li);
      },
      botReacted,
    );
    console.log(`\nDemo finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  } finally {
    await world.stop();
  }
}
