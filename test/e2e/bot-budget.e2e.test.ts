import { describe, expect, it } from "vitest";
import {
  answerTo,
  finishedReply,
  freePort,
  freshWorlds,
  submitsOf,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();

describe.each(backends)("the operator's budget for all servers, on $name", ({ prepare }) => {
  it("refuses past it, in any server, with when it resets; a failed video gives its credits back", async (context) => {
    const port = await freePort();
    // A 10-second video reserves 3 credits: two fit in 6.
    const w = await start({
      storeUrl: await prepare(context),
      env: {
        BOT_CREDIT_BUDGET: "6",
        BOT_BUDGET_PERIOD: "day",
        MAX_ACTIVE_JOBS_PER_USER: "10",
        METRICS_PORT: String(port),
      },
    });
    const other = w.discord.addGuild();
    const video = (prompt: string, where = w.discord.guild) =>
      w.discord.runCommand("grok-video", { prompt, length: 10 }, w.discord.users.alice, where);

    await finishedReply(w, video("budget: one").interactionId);
    // A video that fails gives its reservation back, on the budget too.
    await finishedReply(w, video("budget: [fail] two").interactionId);
    await finishedReply(w, video("budget: three", other).interactionId);
    const refused = video("budget: four", other);
    expect(await answerTo(w, refused)).toMatch(
      /The bot has used all the video credits its operator set aside for this period, for every server\. It can make videos again <t:\d+:R>\./,
    );
    expect(submitsOf(w, "budget: four")).toHaveLength(0);

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/grok_bot_budget_credits\{kind="limit"\} 6/);
    // What TTAPI charged for the two made videos, 3 credits each.
    expect(metrics).toMatch(/grok_bot_budget_credits\{kind="used"\} 6/);
  });
});
