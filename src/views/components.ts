import {
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import {
  CANCEL_PREFIX,
  customId,
  MAKE_VIDEO_MODAL_PREFIX,
  RETRY_BUTTON_ID,
  RETRY_EMOJI,
} from "../interactions/custom-ids.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";

/** The Retry button on finished replies, for where reactions are awkward (mobile, apps). */
export function retryButton(t: Catalog): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: RETRY_BUTTON_ID,
    label: t.retryLabel,
    emoji: { name: RETRY_EMOJI },
  };
}

/** Cancel, on a request waiting in the bot's line; it carries the job's id. */
export function cancelButton(jobId: string, t: Catalog): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId(CANCEL_PREFIX, jobId),
    label: t.cancelLabel,
  };
}

/** The prompt and length, asked for after "Make a Grok video" on a message with an image. */
export function makeVideoModal(
  messageId: string,
  limits: ModelLimits,
  t: Catalog,
): APIModalInteractionResponseCallbackData {
  const fallback = defaultSeconds(limits);
  return {
    custom_id: customId(MAKE_VIDEO_MODAL_PREFIX, messageId),
    title: t.modalTitle,
    components: [
      {
        type: ComponentType.Label,
        label: t.modalPrompt,
        description: t.modalPromptHint,
        component: {
          type: ComponentType.TextInput,
          custom_id: "prompt",
          style: TextInputStyle.Paragraph,
          required: true,
          max_length: MAX_PROMPT_LENGTH,
        },
      },
      {
        type: ComponentType.Label,
        label: t.modalLength,
        description: t.modalLengthHint(limits.minSeconds, limits.maxSeconds, fallback),
        component: {
          type: ComponentType.TextInput,
          custom_id: "length",
          style: TextInputStyle.Short,
          required: false,
          max_length: 3,
          placeholder: String(fallback),
        },
      },
    ],
  };
}
