import type { RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import { InteractionContextType } from "discord.js";
import type { InteractionDeps } from "../handlers/interaction-deps.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import type {
  MessageCommandHandler,
  MessageCommandModule,
  SlashCommandModule,
} from "./command-module.js";
import { grokHelp } from "./grok-help.js";
import { grokJobs } from "./grok-jobs.js";
import { grokQuota } from "./grok-quota.js";
import { grokSettings } from "./grok-settings.js";
import { grokUsage } from "./grok-usage.js";
import { grokVideo } from "./grok-video.js";
import { makeVideo } from "./make-video-from-message.js";
import type { SlashCommand } from "./slash-command.js";

/**
 * Every command, declared once. Registration (`npm run register`, the bot's start) and
 * the router both read these lists; adding a command is one module and one line here.
 */
const SLASH_COMMANDS: readonly SlashCommandModule[] = [
  grokVideo,
  grokUsage,
  grokJobs,
  grokHelp,
  grokQuota,
  grokSettings,
];
const MESSAGE_COMMANDS: readonly MessageCommandModule[] = [makeVideo];

export interface RegistrationOptions {
  allowDms: boolean;
  limits: ModelLimits;
}

/** What is registered with Discord; with DM use on, member commands also appear in DMs. */
export function commandDefinitions(
  options: RegistrationOptions,
): RESTPostAPIApplicationCommandsJSONBody[] {
  const contexts = options.allowDms
    ? [InteractionContextType.Guild, InteractionContextType.BotDM]
    : [InteractionContextType.Guild];
  return [
    ...SLASH_COMMANDS.map((command) => {
      const definition = command.definition(options.limits);
      return command.forMembers ? { ...definition, contexts } : definition;
    }),
    ...MESSAGE_COMMANDS.map((command) => command.definition),
  ];
}

/** The router's tables: every command's handlers, by the name Discord sends. */
export interface CommandRoutes {
  slash: ReadonlyMap<string, SlashCommand>;
  message: ReadonlyMap<string, MessageCommandHandler>;
}

export function createCommandRoutes(deps: InteractionDeps): CommandRoutes {
  return {
    slash: new Map(SLASH_COMMANDS.map((c) => [c.definition(deps.limits).name, c.create(deps)])),
    message: new Map(MESSAGE_COMMANDS.map((c) => [c.definition.name, c.create(deps)])),
  };
}
