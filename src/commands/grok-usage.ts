import { describeMemberUsage } from "../views/quota-messages.js";
import { usageAnswer } from "./usage-answer.js";

/** `/grok-usage`: anyone can see their own usage and what is left. */
export const grokUsage = usageAnswer(
  "grok-usage",
  (t) => t.commands.usage,
  (_interaction, report, t) => describeMemberUsage(report, t),
);
