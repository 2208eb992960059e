import type { Keyv } from "keyv";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { type SecretBox, sealedSchema } from "../secret-box.js";
import type { TtapiClient } from "./ttapi-client.js";

/** What a server's own key can do: start and follow its jobs, and be checked. */
export type ServerTtapi = Pick<TtapiClient, "submit" | "fetchJob" | "checkKey">;

const storedKeySchema = z.object({
  sealed: sealedSchema,
  last4: z.string(),
  setBy: z.string(),
});
type StoredKey = z.infer<typeof storedKeySchema>;

/** What may be shown of a server's key: its last four characters, and who set it. */
export interface ServerKeyInfo {
  last4: string;
  setBy: string;
}

/** An admin set (`last4`) or removed (null) a server's key. */
export interface ServerKeyChange {
  guildId: string;
  actorId: string;
  last4: string | null;
}

export type SetKeyResult =
  | { kind: "saved"; last4: string }
  /** TTAPI refused the key (401): nothing was saved. */
  | { kind: "refused" }
  /** TTAPI did not answer the check: nothing was saved. */
  | { kind: "unchecked" }
  /** SECRETS_KEY is unset: servers cannot keep keys. */
  | { kind: "off" };

export interface ServerKeysOptions {
  kv: Keyv;
  /** Seals keys at rest; without it (SECRETS_KEY unset) servers cannot set keys. */
  box: SecretBox | undefined;
  /** A TTAPI client for a key, made like the operator's. */
  clientFor: (apiKey: string) => ServerTtapi;
  logger: Logger;
}

interface Known {
  info: ServerKeyInfo;
  client: ServerTtapi;
}

/**
 * Servers that pay for their own videos (`/grok-settings api-key`): each key is checked
 * with TTAPI before it is kept, kept sealed (SecretBox), and opened once per process into
 * a client, cached (a server is served by one process). Nothing here ever logs a key.
 */
export class ServerKeys {
  private readonly known = new Map<string, Known | null>();
  private readonly listeners: ((change: ServerKeyChange) => void)[] = [];

  constructor(private readonly options: ServerKeysOptions) {}

  /** Told of every key set or removed by an admin (the audit log). */
  onChanged(listener: (change: ServerKeyChange) => void): void {
    this.listeners.push(listener);
  }

  get enabled(): boolean {
    return this.options.box !== undefined;
  }

  async info(guildId: string): Promise<ServerKeyInfo | undefined> {
    return (await this.load(guildId))?.info;
  }

  /** The server's own TTAPI client, when it has a key that opens. */
  async clientFor(guildId: string): Promise<ServerTtapi | undefined> {
    return (await this.load(guildId))?.client;
  }

  async has(guildId: string): Promise<boolean> {
    return (await this.load(guildId)) !== undefined;
  }

  async set(guildId: string, apiKey: string, actorId: string): Promise<SetKeyResult> {
    const { box, clientFor, kv, logger } = this.options;
    if (!box) return { kind: "off" };
    const client = clientFor(apiKey);
    const check = await client.checkKey();
    if (check.verdict !== "accepted") {
      logger.info({ guildId, actorId, verdict: check.verdict }, "server TTAPI key not saved");
      return { kind: check.verdict };
    }
    const stored: StoredKey = {
      sealed: box.seal(apiKey),
      last4: apiKey.slice(-4),
      setBy: actorId,
    };
    await kv.set(keyOf(guildId), stored);
    this.known.set(guildId, { info: { last4: stored.last4, setBy: actorId }, client });
    logger.info({ guildId, actorId }, "server TTAPI key saved");
    for (const listener of this.listeners) listener({ guildId, actorId, last4: stored.last4 });
    return { kind: "saved", last4: stored.last4 };
  }

  async remove(guildId: string, actorId: string): Promise<boolean> {
    const removed = await this.options.kv.delete(keyOf(guildId));
    this.known.set(guildId, null);
    if (removed) {
      this.options.logger.info({ guildId, actorId }, "server TTAPI key removed");
      for (const listener of this.listeners) listener({ guildId, actorId, last4: null });
    }
    return removed;
  }

  private async load(guildId: string): Promise<Known | undefined> {
    const { box, kv, logger } = this.options;
    if (!box) return undefined;
    const cached = this.known.get(guildId);
    if (cached !== undefined) return cached ?? undefined;
    const stored = storedKeySchema.safeParse(await kv.get(keyOf(guildId)));
    let known: Known | null = null;
    if (stored.success) {
      const opened = box.open(stored.data.sealed);
      if (!opened) {
        logger.error(
          { guildId },
          "a server's TTAPI key cannot be opened with SECRETS_KEY (rotated without SECRETS_KEY_PREVIOUS?); its videos use the bot's key until it is set again",
        );
      } else {
        // Sealed with the previous key: sealed again with the current one.
        if (opened.resealed)
          await kv.set(keyOf(guildId), { ...stored.data, sealed: opened.resealed });
        const { last4, setBy } = stored.data;
        known = { info: { last4, setBy }, client: this.options.clientFor(opened.secret) };
      }
    }
    this.known.set(guildId, known);
    return known ?? undefined;
  }
}

const keyOf = (guildId: string) => `server-ttapi-key:${guildId}`;
