import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";

/** A secret as stored: AES-256-GCM, with its nonce and tag (all base64). */
export const sealedSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
export type Sealed = z.infer<typeof sealedSchema>;

/**
 * Encrypts secrets the bot must keep (a server's own TTAPI key) with `SECRETS_KEY`. A
 * store copied or leaked without the key reveals none of them. To rotate, the old key
 * stays readable as `previous`: what it opens is sealed again with the current one
 * (`opened.resealed`), so the old key can go once every secret has been read.
 */
export class SecretBox {
  constructor(
    private readonly current: Buffer,
    private readonly previous?: Buffer,
  ) {}

  seal(secret: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current, iv);
    const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString("base64"),
      tag: cipher.getAuthTag().toString("base64"),
      data: data.toString("base64"),
    };
  }

  /** The secret, and whether it was sealed with the previous key; undefined if neither opens it. */
  open(sealed: Sealed): { secret: string; resealed?: Sealed } | undefined {
    const secret = openWith(this.current, sealed);
    if (secret !== undefined) return { secret };
    const old = this.previous && openWith(this.previous, sealed);
    return old === undefined ? undefined : { secret: old, resealed: this.seal(old) };
  }
}

function openWith(key: Buffer, sealed: Sealed): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    const data = Buffer.from(sealed.data, "base64");
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    // Another key's seal (or a damaged one): the tag does not verify.
    return undefined;
  }
}

/** `SECRETS_KEY`'s form: 32 random bytes, as 64 hex digits or base64. */
export const SECRETS_KEY_EXPECTED =
  "must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)";

export function parseSecretsKey(text: string): Buffer | undefined {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  return key.length === 32 && /^[A-Za-z0-9+/=]+$/.test(text) ? key : undefined;
}
