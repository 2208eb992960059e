import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";

/** The reaction the bot adds to finished replies; 🔄 is accepted too. */
export const RETRY_EMOJI = "🔁";
export const RETRY_EMOJIS: ReadonlySet<string> = new Set(["🔁", "🔄"]);

export const RETRY_BUTTON_ID = "grok-video:retry";

/** The Retry button, for where reactions are awkward (mobile, user-installed apps). */
export function retryButtonRow(): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: RETRY_BUTTON_ID,
        label: "Retry",
        emoji: { name: RETRY_EMOJI },
      },
    ],
  };
}
