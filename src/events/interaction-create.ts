import { type Interaction, MessageFlags, type RepliableInteraction } from "discord.js";
import type { SlashCommand } from "../commands/slash-command.js";
import type { ButtonHandler } from "../components/retry-button.js";
import type { Logger } from "../logger.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { UNEXPECTED_ERROR } from "../views/user-messages.js";

export interface InteractionRoutes {
  commands: readonly SlashCommand[];
  buttons: readonly ButtonHandler[];
  logger: Logger;
}

/** Routes interactions to commands and buttons; an unexpected error is logged and told plainly. */
export function createInteractionHandler({ commands, buttons, logger }: InteractionRoutes) {
  const commandsByName = new Map(commands.map((command) => [command.definition.name, command]));
  const buttonsById = new Map(buttons.map((button) => [button.customId, button]));
  return async (interaction: Interaction): Promise<void> => {
    let run: (() => Promise<void>) | undefined;
    if (interaction.isChatInputCommand()) {
      const command = commandsByName.get(interaction.commandName);
      if (command) run = () => command.handle(interaction);
    } else if (interaction.isButton()) {
      const button = buttonsById.get(interaction.customId);
      if (button) run = () => button.handle(interaction);
    }
    if (!run || !interaction.isRepliable()) return;
    try {
      await run();
    } catch (error) {
      logger.error({ err: error, interactionId: interaction.id }, "interaction failed");
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
