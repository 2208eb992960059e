import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Agent, type Dispatcher, request } from "undici";
import { type BackoffPolicy, withBackoff } from "../backoff.js";
import { BlockedAddress, guardedLookup, hostKey, isInternalAddress } from "./address-guard.js";

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
  /** `detail` says why, for the log (never shown to members). */
  | { ok: false; reason: "failed"; detail: string };

export interface VideoDownloaderOptions {
  /** One attempt, headers to last byte. */
  timeoutMs: number;
  backoff: BackoffPolicy;
  /** Where downloads are kept until uploaded; the system's temporary directory by default. */
  directory?: string;
  /**
   * Hosts the operator trusts: reached over plain http and on internal addresses (a fake
   * TTAPI on this machine). Every other host is https only, never an internal address.
   */
  trustedHosts?: ReadonlySet<string>;
}

/** CDNs redirect; a few hops are followed, each one checked like the first. */
const MAX_REDIRECTS = 3;

/** A failure worth another try: the file server's 5xx or 429, a reset, a timeout. */
class Transient extends Error {}

/** Not something to fetch or to upload: no retry, the link is shown instead. */
class Refused extends Error {}

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
 *
 * The link comes from TTAPI and its CDN, so it is not trusted: https only, never an
 * internal address (checked after DNS, at connect time, for every redirect hop), and
 * only a video — a video content type and an mp4 or WebM signature — is kept.
 */
export class VideoDownloader {
  private readonly dispatcher: Dispatcher;
  private readonly trusted: ReadonlySet<string>;

  constructor(private readonly options: VideoDownloaderOptions) {
    this.trusted = new Set([...(options.trustedHosts ?? [])].map(hostKey));
    this.dispatcher = new Agent({ connect: { lookup: guardedLookup(this.trusted) } });
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
      return { ok: false, reason: "failed", detail: error instanceof Error ? error.message : "" };
    }
  }

  /** Refuses a link the bot must not fetch (see the class comment). */
  private check(url: URL): void {
    const host = hostKey(url.hostname);
    const trusted = this.trusted.has(host);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && trusted)) {
      throw new Refused(`not https: ${url.protocol}//${host}`);
    }
    // An address in the link is never looked up: judged here.
    if (isIP(host) !== 0 && !trusted && isInternalAddress(host)) {
      throw new Refused(`internal address: ${host}`);
    }
  }

  /** One attempt: the file's size, or throws (`Transient` is worth retrying). */
  private async once(url: string, path: string, limitBytes: number): Promise<number> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let response = await this.get(new URL(url), signal);
    for (let hop = 0; isRedirect(response.statusCode); hop++) {
      const location = response.headers.location;
      await response.body.dump().catch(() => undefined);
      if (hop === MAX_REDIRECTS || typeof location !== "string") {
        throw new Refused(`redirects: ${hop + 1}, last without a usable location`);
      }
      response = await this.get(new URL(location, url), signal);
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 400) {
      await body.dump().catch(() => undefined);
      if (statusCode >= 500 || statusCode === 429) throw new Transient(`HTTP ${statusCode}`);
      throw new Error(`HTTP ${statusCode}`);
    }
    const type = String(headers["content-type"] ?? "");
    if (!/^video\//i.test(type)) {
      await body.dump().catch(() => undefined);
      throw new Refused(`not a video: content-type ${type.slice(0, 60) || "missing"}`);
    }
    const declared = Number(headers["content-length"] ?? Number.NaN);
    if (declared > limitBytes) {
      body.destroy();
      throw new TooLarge(declared);
    }
    let size = 0;
    let head = Buffer.alloc(0);
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (head.length < SIGNATURE_BYTES) {
          head = Buffer.concat([head, chunk]).subarray(0, SIGNATURE_BYTES);
          if (head.length === SIGNATURE_BYTES && !isVideoSignature(head)) {
            return done(new Refused("not a video: no mp4 or WebM signature"));
          }
        }
        done(size > limitBytes ? new TooLarge(size) : null, chunk);
      },
      flush(done) {
        done(isVideoSignature(head) ? null : new Refused("not a video: too short"));
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path), { signal });
    } catch (error) {
      if (error instanceof TooLarge || error instanceof Refused) throw error;
      throw new Transient(String(error));
    }
    return size;
  }

  private async get(url: URL, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    this.check(url);
    try {
      return await request(url, { signal, dispatcher: this.dispatcher });
    } catch (error) {
      if (error instanceof BlockedAddress || hasCause(error, BlockedAddress)) {
        throw new Refused(String(error instanceof Error ? error.message : error));
      }
      throw new Transient(String(error));
    }
  }
}

const SIGNATURE_BYTES = 12;

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** mp4 and its family: a `ftyp` box first; WebM (Matroska): its EBML magic number. */
function isVideoSignature(head: Buffer): boolean {
  if (head.length < SIGNATURE_BYTES) return false;
  return (
    head.toString("latin1", 4, 8) === "ftyp" ||
    head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))
  );
}

function hasCause(error: unknown, type: new (...args: never[]) => Error): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof type) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
