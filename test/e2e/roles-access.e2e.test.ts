import { describe, expect, it } from "vitest";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();
const ROLES_ONLY = "only members with one of these roles may make videos";

describe.each(backends)("roles that may make videos, on $name", ({ prepare }) => {
  it("lets only listed roles (and Manage Server) start videos, by command and by 🔁", async (context) => {
    const w = await start({ storeUrl: await prepare(context) });
    const { discord } = w;
    const { owner, alice, moderator } = discord.users;
    const saved = await answerTo(
      w,
      discord.runCommand("grok-settings roles add", { role: { roleId: alice.roleId } }, owner),
    );
    expect(saved).toContain(`Who may make videos: **<@&${alice.roleId}>**`);

    // A moderator without the role is refused privately; nothing reaches TTAPI.
    const refused = discord.runCommand("grok-video", { prompt: "roles: moderator" }, moderator);
    expect(await answerTo(w, refused)).toContain(ROLES_ONLY);
    expect(submitsOf(w, "roles: moderator")).toHaveLength(0);

    // Alice has the role; the owner manages the server.
    const made = await finishedReply(
      w,
      discord.runCommand("grok-video", { prompt: "roles: alice" }, alice).interactionId,
    );
    await finishedReply(
      w,
      discord.runCommand("grok-video", { prompt: "roles: owner" }, owner).interactionId,
    );

    // The moderator may repeat anyone's video, but not without the role: a 🔁 is a request too.
    discord.react(made.id, "🔁", moderator);
    const notice = await discord.calls.waitFor(
      (c) => c.method === "POST" && String(c.body?.content).includes(ROLES_ONLY),
    );
    expect(String(notice.body?.content)).toContain(`<@&${alice.roleId}>`);
    expect(submitsOf(w, "roles: alice")).toHaveLength(1);

    // Retry is a request too: the same rule, answered privately, nothing sent.
    const retried = discord.clickButton(made, RETRY_BUTTON_ID, moderator);
    expect(await answerTo(w, retried)).toContain(ROLES_ONLY);
    expect(submitsOf(w, "roles: alice")).toHaveLength(1);

    // A role-listed server's Manage Server member: a 🔁 needs no role.
    discord.react(made.id, "🔁", owner);
    await w.discord.calls.waitFor(
      () => submitsOf(w, "roles: alice").length === 2,
      5_000,
      "the owner's repeat",
    );
  });
});
