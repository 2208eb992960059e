import { describe, expect, it, vi } from "vitest";
import { en } from "../support/catalog-text.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();

describe.each(backends)("limits by role, on $name", ({ prepare }) => {
  it("gives a member with two limited roles the more generous one, and says which applies", async (context) => {
    const w = await start({
      storeUrl: await prepare(context),
      env: { MAX_ACTIVE_JOBS_PER_USER: "10" },
    });
    const { discord } = w;
    const { owner, alice, bob } = discord.users;
    const admin = (command: string, options = {}) =>
      answerTo(w, discord.runCommand(command, options, owner));
    const boosters = discord.createRole("Boosters");
    const vip = discord.createRole("VIP");
    const muted = discord.createRole("Muted");
    discord.giveRole(alice, boosters);
    discord.giveRole(alice, vip);
    discord.giveRole(bob, muted);

    await admin("grok-quota set", { member_videos: 1, period: "day" });
    await admin("grok-quota role set", { role: { roleId: boosters }, member_videos: 1 });
    await admin("grok-quota role set", {
      role: { roleId: vip },
      member_videos: 2,
      credits: 50,
      period: "week",
    });
    const shown = await admin("grok-quota role set", { role: { roleId: muted }, member_videos: 0 });
    expect(shown).toContain(`<@&${boosters}>: **1 video per member per day**`);
    expect(shown).toContain(`<@&${vip}>: **2 videos and 50 credits per member per week**`);
    expect(shown).toContain(`<@&${muted}>: **no videos**`);

    // Alice holds Boosters (1 a day) and VIP (2 a week): VIP's two, not the server's one.
    for (const prompt of ["role: one", "role: two"]) {
      await finishedReply(w, discord.runCommand("grok-video", { prompt }, alice).interactionId);
    }
    const third = await answerTo(
      w,
      discord.runCommand("grok-video", { prompt: "role: three" }, alice),
    );
    expect(third).toContain(`Members with <@&${vip}> may make 2 videos each per period`);
    expect(submitsOf(w, "role: three")).toHaveLength(0);

    const usage = await answerTo(w, discord.runCommand("grok-usage", {}, alice));
    expect(usage).toContain(`Your limit comes from your role <@&${vip}>: 2 videos and 50 credits`);
    expect(usage).toContain(en.allowanceYouIn(0, 2, en.periods.week));

    // A role set to 0: its members may not make videos, and nothing reaches TTAPI.
    const refused = await answerTo(
      w,
      discord.runCommand("grok-video", { prompt: "role: bob" }, bob),
    );
    expect(refused).toContain(`Members with <@&${muted}> may not make videos`);
    expect(submitsOf(w, "role: bob")).toHaveLength(0);

    // A member without a limited role has the server's own limit, and is told so.
    const moderator = await answerTo(
      w,
      discord.runCommand("grok-usage", {}, discord.users.moderator),
    );
    expect(moderator).toContain(
      "Your limit is the server's limit for each member: 1 video per member per day",
    );

    // Clearing a role's limit, and deleting a role, both take it off the list.
    expect(await admin("grok-quota role clear", { role: { roleId: boosters } })).not.toContain(
      `<@&${boosters}>`,
    );
    discord.deleteRole(muted);
    await vi.waitFor(async () => expect(await admin("grok-quota show")).not.toContain(muted), {
      timeout: 5_000,
      interval: 100,
    });
    expect(await admin("grok-quota show")).toContain(`<@&${vip}>`);
  });

  it("drops a deleted role from who may make videos", async (context) => {
    const w = await start({ storeUrl: await prepare(context) });
    const { discord } = w;
    const makers = discord.createRole("Makers");
    const admin = (command: string, options = {}) =>
      answerTo(w, discord.runCommand(command, options, discord.users.owner));
    expect(await admin("grok-settings roles add", { role: { roleId: makers } })).toContain(
      `<@&${makers}>`,
    );
    discord.deleteRole(makers);
    await vi.waitFor(
      async () =>
        expect(await admin("grok-settings show")).toContain("Who may make videos: **everyone**"),
      { timeout: 5_000, interval: 100 },
    );
  });
});
