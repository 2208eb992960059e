/**
 * The contract between what the bot renders (views) and what handles it (components,
 * reactions): component custom_ids and the retry emoji. A custom_id is `prefix` or
 * `prefix:argument`, so a component can carry an argument (a job id, a message id).
 */

/** The reaction the bot adds to finished replies; 🔄 is accepted too. */
export const RETRY_EMOJI = "🔁";
export const RETRY_EMOJIS: ReadonlySet<string> = new Set(["🔁", "🔄"]);

/** Messages already in channels carry this id: it must never change. */
export const RETRY_BUTTON_ID = "grok-video:retry";
/** Cancel carries the job's id. */
export const CANCEL_PREFIX = "grok-video:cancel";
/** Remix, and the modal it opens, carry the id of the job to start from. */
export const REMIX_PREFIX = "grok-video:remix";
export const REMIX_MODAL_PREFIX = "grok-video:remix-modal";
/** The "Make a Grok video" modal carries the id of the message whose image is animated. */
export const MAKE_VIDEO_MODAL_PREFIX = "grok-video:animate";

/** The form a server admin enters the server's own TTAPI key in. */
export const API_KEY_MODAL_ID = "grok-video:api-key";

/** The custom_id of a component with `prefix`, carrying `argument` if given. */
export function customId(prefix: string, argument?: string): string {
  return argument === undefined ? prefix : `${prefix}:${argument}`;
}
