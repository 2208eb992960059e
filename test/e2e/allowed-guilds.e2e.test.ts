import { describe, expect, it } from "vitest";
import type { FakeGuild } from "../../src/fakes/discord/discord-payloads.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { capturedLog } from "../support/captured-log.js";
import { freshWorlds } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();

const leaves = (w: FakeWorld) =>
  w.discord.calls.filter((c) => c.method === "DELETE" && c.path.startsWith("/users/@me/guilds/"));

describe.each(backends)("ALLOWED_GUILD_IDS, on $name", ({ prepare }) => {
  it("leaves every other server, at start and when added later, and answers nothing there", async (context) => {
    const log = capturedLog("info", []);
    let presentAtStart: FakeGuild | undefined;
    const w = await start({
      storeUrl: await prepare(context),
      logger: log.logger,
      env: ({ discord }) => {
        // A server the bot was already in before the operator set the list.
        presentAtStart = discord.addGuild();
        return { ALLOWED_GUILD_IDS: discord.guild.id };
      },
    });
    await log.lines.waitFor(
      (l) => l.msg === "left a server not in ALLOWED_GUILD_IDS" && l.guildId === presentAtStart!.id,
    );
    expect(leaves(w).map((c) => c.path)).toEqual([`/users/@me/guilds/${presentAtStart!.id}`]);

    const added = w.discord.joinGuild();
    await log.lines.waitFor(
      (l) => l.msg === "left a server not in ALLOWED_GUILD_IDS" && l.guildId === added.id,
    );
    const lines = log.lines.filter((l) => l.msg === "left a server not in ALLOWED_GUILD_IDS");
    expect(lines.map((l) => l.guildId)).toEqual([presentAtStart!.id, added.id]);

    // A command from a server not on the list gets no answer; one from the listed server does.
    const outside = w.discord.runCommand(
      "grok-video",
      { prompt: "allowlist: outside" },
      w.discord.users.alice,
      added,
    );
    const inside = w.discord.runCommand("grok-video", { prompt: "allowlist: inside" });
    await w.ttapi.submits.waitFor((s) => s.body.prompt === "allowlist: inside");
    await w.discord.calls.waitFor((c) =>
      c.path.startsWith(`/interactions/${inside.interactionId}/`),
    );
    expect(w.discord.calls.filter((c) => c.path.includes(outside.interactionId))).toEqual([]);
    expect(w.ttapi.submits.filter((s) => s.body.prompt === "allowlist: outside")).toEqual([]);
  });
});

describe("ALLOWED_GUILD_IDS with many servers to leave", () => {
  it("leaves them one after another, paced, after the bot is ready", async () => {
    const others: FakeGuild[] = [];
    const w = await start({
      env: ({ discord }) => {
        for (let i = 0; i < 4; i++) others.push(discord.addGuild());
        return { ALLOWED_GUILD_IDS: discord.guild.id, ALLOWLIST_LEAVE_INTERVAL_MS: "100" };
      },
    });
    // Ready (and serving the listed server) before the last one is left.
    expect(leaves(w).length).toBeLessThan(others.length);
    await w.discord.calls.waitFor(() => leaves(w).length === others.length, 5_000, "4 leaves");
    const at = leaves(w).map((call) => call.at);
    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(90);
  });
});
