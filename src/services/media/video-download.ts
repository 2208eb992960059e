import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Agent, type Dispatcher, interceptors, request } from "undici";
import { type BackoffPolicy, withBackoff } from "../backoff.js";

/** A downloaded video on disk; `discard()` deletes it (call it once done). */
export interface DownloadedVideo {
  path: string;
  size: number;
  discard(): Promise<void>;
}

export type VideoDownload =
  | { ok: true; video: DownloadedVideo }
  /** Bigger than `limitBytes`; `size` is TTAPI's declared length, or at least limit + 1. */
  | { ok: false; reason: "too_large"; size: number }
  | { ok: false; reason: "failed" };

export interface VideoDownloaderOptions {
  /** One attempt, headers to last byte. */
  timeoutMs: number;
  backoff: BackoffPolicy;
  /** Where downloads are kept until uploaded; the system's temporary directory by default. */
  directory?: string;
  dispatcher?: Dispatcher;
}

/** A failure worth another try: the file server's 5xx or 429, a reset, a timeout. */
class Transient extends Error {}

/** Passed the limit: reading stops there. */
class TooLarge extends Error {
  constructor(readonly size: number) {
    super(`more than the limit (${size} bytes read)`);
  }
}

/**
 * Downloads a finished video from TTAPI's file server to a temporary file, streamed: the
 * bytes never sit in memory, so a 100 MiB upload costs no more memory than a small one.
 * A declared length over the limit is refused before reading, and reading stops the
 * moment the limit is passed. Transient failures are retried with the given backoff.
 */
export class VideoDownloader {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: VideoDownloaderOptions) {
    // CDNs redirect; follow a few hops.
    this.dispatcher = (options.dispatcher ?? new Agent()).compose(
      interceptors.redirect({ maxRedirections: 3 }),
    );
  }

  async download(url: string, limitBytes: number): Promise<VideoDownload> {
    const directory = await mkdtemp(join(this.options.directory ?? tmpdir(), "grok-video-"));
    const discard = () => rm(directory, { recursive: true, force: true });
    const path = join(directory, "video.mp4");
    try {
      const size = await withBackoff(
        () => this.once(url, path, limitBytes),
        this.options.backoff,
        (error) => error instanceof Transient,
      );
      return { ok: true, video: { path, size, discard } };
    } catch (error) {
      await discard();
      if (error instanceof TooLarge) return { ok: false, reason: "too_large", size: error.size };
      return { ok: false, reason: "failed" };
    }
  }

  /** One attempt: the file's size, or throws (`Transient` is worth retrying). */
  private async once(url: string, path: string, limitBytes: number): Promise<number> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, { signal, dispatcher: this.dispatcher });
    } catch (error) {
      throw new Transient(String(error));
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 400) {
      await body.dump().catch(() => undefined);
      if (statusCode >= 500 || statusCode === 429) throw new Transient(`HTTP ${statusCode}`);
      throw new Error(`HTTP ${statusCode}`);
    }
    const declared = Number(headers["content-length"] ?? Number.NaN);
    if (declared > limitBytes) {
      body.destroy();
      throw new TooLarge(declared);
    }
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(size > limitBytes ? new TooLarge(size) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path), { signal });
    } catch (error) {
      if (error instanceof TooLarge) throw error;
      throw new Transient(String(error));
    }
    return size;
  }
}
