import {
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from "discord.js";
import type { Catalog } from "../i18n/catalog.js";
import {
  API_KEY_MODAL_ID,
  CANCEL_PREFIX,
  customId,
  MAKE_VIDEO_MODAL_PREFIX,
  REMIX_MODAL_PREFIX,
  REMIX_PREFIX,
  RETRY_BUTTON_ID,
  RETRY_EMOJI,
} from "../interactions/custom-ids.js";
import { MAX_PROMPT_LENGTH } from "../services/generation-request.js";
import type { JobRecord } from "../services/jobs/job-record.js";
import { defaultSeconds, type ModelLimits } from "../services/ttapi/model-limits.js";
import { ASPECT_RATIOS } from "../services/ttapi/ttapi-schemas.js";

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
  return {
    custom_id: customId(MAKE_VIDEO_MODAL_PREFIX, messageId),
    title: t.modalTitle,
    components: [
      promptInput(t, { description: t.modalPromptHint }),
      // Left empty, the model's default length.
      lengthInput(t, limits, { required: false, placeholder: String(defaultSeconds(limits)) }),
    ],
  };
}

/** Remix, beside Retry on a finished or failed video: edit the request and go again. */
export function remixButton(jobId: string, t: Catalog): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId(REMIX_PREFIX, jobId),
    label: t.remixLabel,
    emoji: { name: "✏️" },
  };
}

/** The job's prompt, length and aspect ratio, filled in for the member to edit. */
export function remixModal(
  job: Pick<JobRecord, "id" | "request">,
  limits: ModelLimits,
  t: Catalog,
): APIModalInteractionResponseCallbackData {
  const { prompt, videoLength, aspectRatio } = job.request;
  return {
    custom_id: customId(REMIX_MODAL_PREFIX, job.id),
    title: t.remixTitle,
    components: [
      promptInput(t, { value: prompt }),
      lengthInput(t, limits, { required: true, value: String(videoLength) }),
      {
        type: ComponentType.Label,
        label: t.remixAspectRatio,
        description: ASPECT_RATIOS.join(", "),
        component: {
          type: ComponentType.TextInput,
          custom_id: "aspect_ratio",
          style: TextInputStyle.Short,
          required: true,
          max_length: 5,
          value: aspectRatio,
        },
      },
    ],
  };
}

/** The prompt's input in a modal: empty with a hint, or filled in. */
function promptInput(t: Catalog, extra: { description?: string; value?: string }) {
  const { description, value } = extra;
  return {
    type: ComponentType.Label,
    label: t.modalPrompt,
    ...(description ? { description } : {}),
    component: {
      type: ComponentType.TextInput,
      custom_id: "prompt",
      style: TextInputStyle.Paragraph,
      required: true,
      max_length: MAX_PROMPT_LENGTH,
      ...(value !== undefined ? { value } : {}),
    },
  } as const;
}

/** The length's input in a modal, with the model's range as its hint. */
function lengthInput(
  t: Catalog,
  limits: ModelLimits,
  extra: { required: boolean; value?: string; placeholder?: string },
) {
  return {
    type: ComponentType.Label,
    label: t.modalLength,
    description: t.modalLengthHint(limits.minSeconds, limits.maxSeconds, defaultSeconds(limits)),
    component: {
      type: ComponentType.TextInput,
      custom_id: "length",
      style: TextInputStyle.Short,
      max_length: 3,
      ...extra,
    },
  } as const;
}

/**
 * The form for a server's own TTAPI key: a modal, never a command option, so the key is
 * not echoed in the client's command line or in the interaction's options.
 */
export function apiKeyModal(t: Catalog): APIModalInteractionResponseCallbackData {
  return {
    custom_id: API_KEY_MODAL_ID,
    title: t.apiKeyModalTitle,
    components: [
      {
        type: ComponentType.Label,
        label: t.apiKeyModalLabel,
        component: {
          type: ComponentType.TextInput,
          custom_id: "key",
          style: TextInputStyle.Short,
          required: true,
          min_length: 8,
          max_length: 200,
        },
      },
    ],
  };
}
