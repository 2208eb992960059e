import type { Message } from "discord.js";

export interface MessageImage {
  url: string;
  /** Unknown for some embeds. */
  width: number | null;
  height: number | null;
}

const IMAGE_FILE = /\.(png|jpe?g|webp|gif)$/i;

/**
 * The first image in a message: an attached image (by content type, or by file name when
 * Discord gave none), else an embed's image or thumbnail (a link that unfurled).
 */
export function imageOf(message: Message): MessageImage | undefined {
  for (const attachment of message.attachments.values()) {
    const isImage = attachment.contentType
      ? attachment.contentType.startsWith("image/")
      : IMAGE_FILE.test(attachment.name);
    if (isImage) {
      return { url: attachment.url, width: attachment.width, height: attachment.height };
    }
  }
  for (const embed of message.embeds) {
    const picture = embed.image ?? embed.thumbnail;
    if (picture?.url.startsWith("https://")) {
      return { url: picture.url, width: picture.width ?? null, height: picture.height ?? null };
    }
  }
  return undefined;
}
