import { MessageFlags, type RepliableInteraction } from "discord.js";
import { type Catalog, catalogFor } from "../i18n/catalog.js";
import { NO_MENTION_OPTIONS } from "../views/no-mentions.js";

/**
 * What the router hands every command, button and modal: the member's language and the
 * bot's one way of answering privately (only they see it, nobody is pinged).
 */
export interface InteractionContext {
  readonly t: Catalog;
  /** Acknowledges privately, for work that may outlast Discord's 3 s. */
  deferPrivately(): Promise<void>;
  /** The private answer: a reply, or the edit of the deferred one. */
  answer(content: string): Promise<void>;
}

export function contextFor(interaction: RepliableInteraction): InteractionContext {
  return {
    t: catalogFor(interaction.locale),
    async deferPrivately() {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    },
    async answer(content) {
      if (interaction.deferred || interaction.replied) {
        await interaction.editReply({ content, embeds: [], allowedMentions: NO_MENTION_OPTIONS });
        return;
      }
      await interaction.reply({
        content,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTION_OPTIONS,
      });
    },
  };
}
