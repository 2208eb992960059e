import { describe, expect, it } from "vitest";
import type { FakeOptionValue, FakeUser } from "../../src/fakes/discord/discord-payloads.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { en } from "../support/catalog-text.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";

const start = freshWorlds();

/** The private answer to a command, once it has content. */
async function answer(
  w: FakeWorld,
  options: Record<string, FakeOptionValue>,
  user: FakeUser,
): Promise<string> {
  const asked = w.discord.runCommand("grok-jobs", options, user);
  const text = await answerTo(w, asked);
  expect(w.discord.originalResponse(asked.interactionId)?.ephemeral).toBe(true);
  return text;
}

async function made(w: FakeWorld, prompt: string, user: FakeUser, where = w.discord.guild) {
  const { interactionId } = w.discord.runCommand("grok-video", { prompt }, user, where);
  return finishedReply(w, interactionId);
}

describe("/grok-jobs", () => {
  it("lists exactly the member's jobs of this server, and one in full", async () => {
    const w = await start();
    const { alice, bob, owner } = w.discord.users;
    const elsewhere = w.discord.addGuild();
    await made(w, "jobs: an otter", alice);
    await made(w, "jobs: a badger", alice);
    await made(w, "jobs: bob's heron", bob);
    await made(w, "jobs: an otter elsewhere", alice, elsewhere);

    const mine = await answer(w, {}, alice);
    expect(mine).toContain("Your last 2 video requests here");
    expect(mine).toContain("jobs: an otter");
    expect(mine).toContain("jobs: a badger");
    expect(mine).not.toContain("heron");
    expect(mine).not.toContain("elsewhere");
    expect(mine).toMatch(/\[message\]\(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\)/);

    // Another member's list needs Manage Server.
    expect(await answer(w, { member: { userId: bob.id } }, alice)).toContain(
      en.jobsOthersNeedManageServer,
    );
    const asAdmin = await answer(w, { member: { userId: alice.id } }, owner);
    expect(asAdmin).toContain(`<@${alice.id}>'s last 2 video requests here`);

    // Autocomplete offers her jobs matching what she typed; the chosen one shows in full.
    const choices = await w.discord.autocomplete("grok-jobs", { job: "otter" }, "job", alice);
    expect(choices.map((choice) => choice.name)).toEqual([
      expect.stringContaining("jobs: an otter"),
    ]);
    const detail = await answer(w, { job: String(choices[0]!.value) }, alice);
    const ttapiJobId = submitsOf(w, "jobs: an otter")[0]!.jobId!;
    expect(detail).toContain("**made**");
    expect(detail).toContain("jobs: an otter");
    expect(detail).toContain(`TTAPI job: \`${ttapiJobId}\``);
    expect(detail).toContain(w.ttapi.videoUrl(ttapiJobId));

    // Bob's job id typed by hand shows nothing of his.
    const bobsJob = await w.discord.autocomplete("grok-jobs", { job: "" }, "job", bob);
    const refused = await answer(w, { job: String(bobsJob[0]!.value) }, alice);
    expect(refused).toContain(en.jobsNotRecent);
    expect(refused).not.toContain("heron");
  });
});
