import type { FakeMessage } from "../../src/fakes/discord/fake-discord.js";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import { VIDEO_FILE_NAME } from "../../src/views/job-message.js";

/**
 * TTAPI's video link in a job message's content: the bare link (a video shown as a link)
 * or the masked Download link next to an attached video.
 */
export function videoLinkIn(content: unknown): string | undefined {
  return /<?(https?:\/\/[^\s<>)]+\.mp4)>?/.exec(String(content ?? ""))?.[1];
}

/** Finished job messages carry the Retry button (a waiting one has Cancel instead). */
export const isFinished = (message: FakeMessage | undefined): message is FakeMessage =>
  message !== undefined && JSON.stringify(message.components ?? []).includes(RETRY_BUTTON_ID);

/** What a job message shows of its video: TTAPI's link, and the attached file's bytes. */
export function shownVideo(message: FakeMessage) {
  return {
    link: videoLinkIn(message.content),
    file: message.files.find((file) => file.name === VIDEO_FILE_NAME)?.data,
  };
}
