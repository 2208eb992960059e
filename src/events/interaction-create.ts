import { type Interaction, MessageFlags, type RepliableInteraction } from "discord.js";
import type { SlashCommand } from "../commands/slash-command.js";
import type { Logger } from "../logger.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { UNEXPECTED_ERROR } from "../views/user-messages.js";

/** Routes interactions to commands; an unexpected error is logged and told plainly. */
export function createInteractionHandler(commands: readonly SlashCommand[], logger: Logger) {
  const byName = new Map(commands.map((command) => [command.definition.name, command]));
  return async (interaction: Interaction): Promise<void> => {
    if (!interaction.isChatInputCommand()) return;
    const command = byName.get(interaction.commandName);
    if (!command) return;
    try {
      await command.handle(interaction);
    } catch (error) {
      logger.error(
        { err: error, command: interaction.commandName, interactionId: interaction.id },
        "command failed",
      );
      await tellUnexpectedError(interaction, logger);
    }
  };
}

async function tellUnexpectedError(interaction: RepliableInteraction, logger: Logger) {
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.editReply({
        content: UNEXPECTED_ERROR,
        embeds: [],
        allowedMentions: NO_MENTION_OPTIONS,
      });
    } else {
      await interaction.reply({
        content: UNEXPECTED_ERROR,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTION_OPTIONS,
      });
    }
  } catch (error) {
    logger.warn({ err: error }, "could not tell the user about an error");
  }
}
