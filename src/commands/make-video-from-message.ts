import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import { imageOf } from "../discord/message-image.js";
import { makeVideoModal } from "../views/component-views.js";
import type { MessageCommandModule } from "./command-module.js";
import { named } from "./localized.js";

/** Apps → "Make a Grok video" on any message: its image becomes the reference image. */
export const makeVideoDefinition = {
  type: ApplicationCommandType.Message,
  ...named((t) => t.commands.makeVideo),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Asks for the prompt and length in a modal; messages without an image are explained. */
export const makeVideo: MessageCommandModule = {
  definition: makeVideoDefinition,
  create: ({ limits }) =>
    async function handle(interaction, { t, answer }) {
      if (!imageOf(interaction.targetMessage)) return answer(t.noImageInMessage);
      await interaction.showModal(makeVideoModal(interaction.targetId, limits, t));
    },
};
