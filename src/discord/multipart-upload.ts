import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import type { Writable } from "node:stream";
import type { DownloadedVideo } from "../services/media/video-download.js";
import { type JobMessageBody, VIDEO_FILE_NAME } from "../views/job-message.js";

/** The file is sent in pieces of this size. */
const CHUNK_BYTES = 256 * 1024;

/** The file a message uploads, on disk. */
export interface UploadFile {
  path: string;
  size: number;
  name: string;
  contentType: string;
}

/**
 * A message body with one file, as Discord's multipart upload, streamed from disk. It can
 * be written any number of times, because discord.js sends a request again after a 429 or
 * a 5xx.
 */
export class MultipartUpload {
  readonly contentType: string;
  private readonly head: Buffer;
  private readonly tail: Buffer;

  constructor(
    payload: unknown,
    private readonly file: UploadFile,
  ) {
    const boundary = `grok-video-${randomBytes(12).toString("hex")}`;
    this.contentType = `multipart/form-data; boundary=${boundary}`;
    this.head = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="payload_json"',
        "Content-Type: application/json",
        "",
        JSON.stringify(payload),
        `--${boundary}`,
        `Content-Disposition: form-data; name="files[0]"; filename="${file.name}"`,
        `Content-Type: ${file.contentType}`,
        "",
        "",
      ].join("\r\n"),
    );
    this.tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  }

  /** The whole body's length: it goes out with a Content-Length, not chunked. */
  get length(): number {
    return this.head.length + this.file.size + this.tail.length;
  }

  /**
   * Writes the whole body to `sink` (a request being sent). The file goes through one
   * buffer, reused once each piece has been handed to the socket: uploading makes no
   * garbage, whatever the file's size.
   */
  async writeTo(sink: Writable): Promise<void> {
    await write(sink, this.head);
    const handle = await open(this.file.path);
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        await write(sink, buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    await new Promise<void>((resolve) => sink.end(this.tail, resolve));
  }
}

/** Resolves once `chunk` has left the sink's hands (so its memory may be reused). */
function write(sink: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * A REST request for a message body, with the video uploaded as `files[0]` when there is
 * one (multipart, streamed from disk; see `MultipartUpload`). Listing it as attachment 0
 * replaces whatever the message had, so delivering twice leaves one copy.
 */
export function messageRequest(body: JobMessageBody, file: DownloadedVideo | undefined) {
  if (!file) return { body };
  const attachments = [{ id: "0", filename: VIDEO_FILE_NAME }];
  const upload = new MultipartUpload(
    { ...body, attachments },
    { path: file.path, size: file.size, name: VIDEO_FILE_NAME, contentType: "video/mp4" },
  );
  return { body: upload, passThroughBody: true };
}
