import type {
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import type { InteractionContext } from "../handlers/context.js";
import type { InteractionDeps } from "../handlers/interaction-deps.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import type { SlashCommand } from "./slash-command.js";

/**
 * One command, declared once: what is registered with Discord (for the configured model),
 * whether it is a member command that DMs may offer, and its handlers built from services.
 */
export interface SlashCommandModule {
  definition(limits: ModelLimits): RESTPostAPIChatInputApplicationCommandsJSONBody;
  forMembers: boolean;
  create(deps: InteractionDeps): SlashCommand;
}

/** What a command of a message's Apps menu does with the message it was used on. */
export type MessageCommandHandler = (
  interaction: MessageContextMenuCommandInteraction,
  context: InteractionContext,
) => Promise<void>;

/** A command of a message's Apps menu, declared once. */
export interface MessageCommandModule {
  definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  create(deps: InteractionDeps): MessageCommandHandler;
}
