import { PermissionFlagsBits } from "discord.js";
import { describeHelp } from "../views/help.js";
import { describeMemberUsage } from "../views/quota-messages.js";
import { usageAnswer } from "./usage-answer.js";

/** `/grok-help`: how the bot works and the member's limits; admins also see the admin commands. */
export const grokHelp = usageAnswer(
  "grok-help",
  (t) => t.commands.help,
  (interaction, report, t) =>
    describeHelp(
      t,
      describeMemberUsage(report, t),
      interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
    ),
);
