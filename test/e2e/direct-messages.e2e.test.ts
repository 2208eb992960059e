import { InteractionContextType, MessageFlags } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { startFakeWorld } from "../../src/fakes/fake-world.js";
import { callbackOf, finishedReply, shownVideo, submitsOf } from "../support/e2e-helpers.js";

describe("direct messages with the bot", () => {
  it("are refused unless the operator enables them", async () => {
    const w = await startFakeWorld();
    try {
      const { interactionId } = w.discord.runCommand(
        "grok-video",
        { prompt: "dm: off" },
        w.discord.users.alice,
        "dm",
      );
      const answer = await w.discord.calls.waitFor(callbackOf(interactionId));
      const data = answer.body?.data as { content: string; flags: number };
      expect(data.content).toBe("This command works in servers only.");
      expect(data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(submitsOf(w, "dm: off")).toHaveLength(0);
      const registered = w.discord.commands.get("global") as { name: string; contexts: number[] }[];
      expect(registered.find((c) => c.name === "grok-video")?.contexts).toEqual([
        InteractionContextType.Guild,
      ]);
    } finally {
      await w.stop();
    }
  });

  it("work when enabled, limited per user per day by DM_USER_VIDEO_LIMIT", async () => {
    const w = await startFakeWorld({ env: { ALLOW_DM_USE: "true", DM_USER_VIDEO_LIMIT: "1" } });
    try {
      const registered = w.discord.commands.get("global") as { name: string; contexts: number[] }[];
      expect(registered.find((c) => c.name === "grok-video")?.contexts).toEqual([
        InteractionContextType.Guild,
        InteractionContextType.BotDM,
      ]);
      const alice = w.discord.users.alice;
      const first = w.discord.runCommand("grok-video", { prompt: "dm: first" }, alice, "dm");
      const reply = await finishedReply(w, first.interactionId);
      expect(reply.channel_id).toBe(w.discord.dmChannelId);
      expect(shownVideo(reply).file).toBeDefined();

      w.discord.runCommand("grok-video", { prompt: "dm: second" }, alice, "dm");
      await w.discord.calls.waitFor(
        (c) => c.method === "POST" && String(c.body?.content).includes("You have used all 1 video"),
      );
      expect(submitsOf(w, "dm: second")).toHaveLength(0);
      // The DM allowance is the user's own: the server is not limited by it.
      await finishedReply(
        w,
        w.discord.runCommand("grok-video", { prompt: "dm: in the server" }).interactionId,
      );
    } finally {
      await w.stop();
    }
  });

  it("are capped at 3 a day per user when the operator set no DM_USER_VIDEO_LIMIT", async () => {
    const w = await startFakeWorld({ env: { ALLOW_DM_USE: "true" } });
    try {
      const alice = w.discord.users.alice;
      for (const n of [1, 2, 3]) {
        const { interactionId } = w.discord.runCommand(
          "grok-video",
          { prompt: `dm cap: ${n}` },
          alice,
          "dm",
        );
        await finishedReply(w, interactionId);
      }
      w.discord.runCommand("grok-video", { prompt: "dm cap: 4" }, alice, "dm");
      await w.discord.calls.waitFor(
        (c) =>
          c.method === "POST" && String(c.body?.content).includes("You have used all 3 videos"),
      );
      expect(submitsOf(w, "dm cap: 4")).toHaveLength(0);
    } finally {
      await w.stop();
    }
  });
});
