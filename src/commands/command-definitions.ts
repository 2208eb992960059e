import { InteractionContextType } from "discord.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import { grokHelpDefinition } from "./grok-help.js";
import { grokJobsDefinition } from "./grok-jobs.js";
import { grokQuotaDefinition } from "./grok-quota.js";
import { grokSettingsDefinition } from "./grok-settings.js";
import { grokUsageDefinition } from "./grok-usage.js";
import { grokVideoDefinition } from "./grok-video.js";
import { makeVideoDefinition } from "./make-video-from-message.js";
import type { CommandDefinition } from "./slash-command.js";

/**
 * Everything registered with Discord; `npm run register` and the bot's start share it.
 * With direct-message use on, the member commands also appear in DMs with the bot.
 */
export function commandDefinitions(options: {
  allowDms: boolean;
  limits: ModelLimits;
}): CommandDefinition[] {
  const contexts = options.allowDms
    ? [InteractionContextType.Guild, InteractionContextType.BotDM]
    : [InteractionContextType.Guild];
  return [
    { ...grokVideoDefinition(options.limits), contexts },
    { ...grokUsageDefinition, contexts },
    { ...grokJobsDefinition, contexts },
    { ...grokHelpDefinition, contexts },
    grokQuotaDefinition,
    grokSettingsDefinition,
    makeVideoDefinition,
  ];
}
