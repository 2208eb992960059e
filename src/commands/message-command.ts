import type {
  MessageContextMenuCommandInteraction,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";

/** A command in a message's Apps menu: its registration shape and its handler. */
export interface MessageCommand {
  readonly definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  handle(interaction: MessageContextMenuCommandInteraction): Promise<void>;
}
