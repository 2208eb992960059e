import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { APIAttachment } from "discord-api-types/v10";
import { parseJson, readBytes } from "../../services/http-body.js";

/** A file uploaded with a message, as the fake keeps it. */
export interface FakeFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RequestBody {
  /** The JSON body, or `payload_json` of a multipart upload. */
  json: Record<string, unknown> | undefined;
  /** The uploaded files, in `files[n]` order. */
  files: FakeFile[];
}

/** Larger than any upload Discord allows (100 MiB at boost tier 3), so the fake can refuse. */
const MAX_BODY_BYTES = 110 * 1024 * 1024;

/** Reads a REST request as Discord does: JSON, or multipart with `payload_json` + `files[n]`. */
export async function readRequestBody(request: IncomingMessage): Promise<RequestBody> {
  const type = request.headers["content-type"] ?? "";
  const bytes = await readBytes(request, type.startsWith("multipart/") ? MAX_BODY_BYTES : 1e6);
  if (!bytes || bytes.length === 0) return { json: undefined, files: [] };
  if (!type.startsWith("multipart/form-data"))
    return { json: asObject(bytes.toString()), files: [] };
  const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  const files: FakeFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string" || !/^files\[\d+\]$/.test(field)) continue;
    files.push({
      name: value.name,
      contentType: value.type,
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  const payload = form.get("payload_json");
  return { json: typeof payload === "string" ? asObject(payload) : undefined, files };
}

function asObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJson(text);
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
}

const MiB = 1024 * 1024;

/** Discord's per-message upload limit for a guild's boost tier (what bots get). */
export function uploadLimitForTier(tier: number): number {
  if (tier >= 3) return 100 * MiB;
  if (tier === 2) return 50 * MiB;
  return 10 * MiB;
}

interface StoredAttachment {
  channelId: string;
  filename: string;
  deleted: boolean;
}

/**
 * Discord's CDN links: signed, and valid until `ex` (hex seconds). `POST
 * /attachments/refresh-urls` signs them again, for attachments that still exist.
 */
export class FakeCdn {
  /** How long a new or refreshed link stays valid; a test may shorten it. */
  urlLifetimeMs = 24 * 60 * 60 * 1000;
  private readonly secret = randomBytes(16);
  private readonly attachments = new Map<string, StoredAttachment>();

  /** A link for attachment `id`, valid for `urlLifetimeMs` from now. */
  sign(channelId: string, id: string, filename: string): string {
    this.attachments.set(id, { channelId, filename, deleted: false });
    return this.link(id);
  }

  /** An attachment as a message lists it. */
  attachment(channelId: string, id: string, file: FakeFile): APIAttachment {
    const url = this.sign(channelId, id, file.name);
    return {
      id,
      filename: file.name,
      size: file.data.length,
      url,
      proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
      content_type: file.contentType,
    };
  }

  /** The attachment is gone (its message was deleted): its links can no longer be refreshed. */
  forget(url: string): void {
    const known = this.attachments.get(attachmentIdOf(url) ?? "");
    if (known) known.deleted = true;
  }

  /** Whether `url` is a link this fake signed and it has not expired. */
  isValid(url: string): boolean {
    const parsed = new URL(url);
    const id = attachmentIdOf(url);
    const ex = Number.parseInt(parsed.searchParams.get("ex") ?? "", 16);
    return (
      id !== undefined &&
      parsed.searchParams.get("hm") === this.mac(id, ex) &&
      ex * 1000 > Date.now()
    );
  }

  /** `POST /attachments/refresh-urls`: attachments that no longer exist are left out. */
  refresh(urls: readonly unknown[]): { original: string; refreshed: string }[] {
    return urls.flatMap((original) => {
      if (typeof original !== "string") return [];
      const id = attachmentIdOf(original);
      const known = id ? this.attachments.get(id) : undefined;
      return id && known && !known.deleted ? [{ original, refreshed: this.link(id) }] : [];
    });
  }

  private link(id: string): string {
    const { channelId, filename } = this.attachments.get(id)!;
    const now = Date.now();
    const ex = Math.floor((now + this.urlLifetimeMs) / 1000);
    const is = Math.floor(now / 1000).toString(16);
    return `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}?ex=${ex.toString(16)}&is=${is}&hm=${this.mac(id, ex)}&`;
  }

  private mac(id: string, ex: number): string {
    return createHmac("sha256", this.secret).update(`${id}:${ex}`).digest("hex");
  }
}

function attachmentIdOf(url: string): string | undefined {
  return /\/attachments\/\d+\/(\d+)\//.exec(new URL(url).pathname)?.[1];
}
