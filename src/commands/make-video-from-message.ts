import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import { makeVideoModal } from "../components/make-video-modal.js";
import { imageOf } from "../discord/message-image.js";
import { catalogFor } from "../i18n/catalog.js";
import type { ModelLimits } from "../services/ttapi/model-limits.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";
import { named } from "./localized.js";
import type { MessageCommand } from "./message-command.js";

/** Apps → "Make a Grok video" on any message: its image becomes the reference image. */
export const makeVideoDefinition = {
  type: ApplicationCommandType.Message,
  ...named((t) => t.commands.makeVideo),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Asks for the prompt and length in a modal; messages without an image are explained. */
export function createMakeVideoCommand(limits: ModelLimits): MessageCommand {
  return {
    definition: makeVideoDefinition,
    async handle(interaction) {
      const t = catalogFor(interaction.locale);
      if (!imageOf(interaction.targetMessage)) {
        await interaction.reply({
          content: t.noImageInMessage,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTION_OPTIONS,
        });
        return;
      }
      await interaction.showModal(makeVideoModal(interaction.targetId, limits, t));
    },
  };
}
