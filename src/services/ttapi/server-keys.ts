import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { type SecretBox, sealedSchema } from "../secret-box.js";
import type { KeySpace } from "../store.js";
import type { TtapiClient } from "./ttapi-client.js";

/** What a server's own key can do: start and follow its jobs, and be checked. */
export type ServerTtapi = Pick<TtapiClient, "submit" | "fetchJob" | "checkKey">;

const storedKeySchema = z.object({
  /** Which of the server's keys this is: a job keeps the id of the key that submitted it. */
  id: z.string(),
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
  kv: KeySpace;
  /** Seals keys at rest; without it (SECRETS_KEY unset) servers cannot set keys. */
  box: SecretBox | undefined;
  /** A TTAPI client for a key, made like the operator's. */
  clientFor: (apiKey: string) => ServerTtapi;
  /**
   * How long a replaced or removed key is kept for the jobs it submitted: as long as one
   * can still run (JOB_GIVE_UP_AFTER_MINUTES).
   */
  retainMs: number;
  logger: Logger;
  /**
   * Whether the operator pays for a server whose key can no longer be opened
   * (SERVER_KEY_UNREADABLE_OPERATOR_PAYS). Off: its requests are refused until its admins
   * set the key again.
   */
  operatorPaysForUnreadable?: boolean;
  /** Told once per server whose key record is damaged (metrics, /healthz). */
  onDamaged?: (what: "server_key") => void;
}

/** Who pays for a server's next video. */
export type Payer = "server" | "operator" | "unreadable";

/** One of a server's keys, opened: which it is, and a client for it. */
export interface ServerAccount {
  id: string;
  client: ServerTtapi;
}

interface Known extends ServerAccount {
  info: ServerKeyInfo;
}

/**
 * Servers that pay for their own videos (`/grok-settings api-key`): each key is checked
 * with TTAPI before it is kept, kept sealed (SecretBox), and opened once per process into
 * a client, cached (a server is served by one process). A key replaced or removed is kept
 * a while longer, sealed, for the jobs it submitted: TTAPI answers for a job only to the
 * key that made it. Nothing here ever logs a key.
 */
export class ServerKeys {
  private readonly known = new Map<string, Known | null>();
  /**
   * Servers whose stored key SECRETS_KEY (and SECRETS_KEY_PREVIOUS) cannot open, with what
   * is kept unsealed of it (who set it: the admin who hears of it), or whose stored record
   * is damaged (null: nothing of it can be read). Either way the server is not served on
   * the operator's key by default: it set a key, so it meant to pay.
   */
  private readonly unreadable = new Map<string, ServerKeyInfo | null>();
  /** Replaced or removed keys still needed, by guild and key id. */
  private readonly retired = new Map<string, ServerAccount | null>();
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
    return (await this.load(guildId))?.info ?? this.unreadable.get(guildId) ?? undefined;
  }

  /**
   * The server's current key (no `keyId`: to submit a job), or the key a job was
   * submitted with, replaced or removed since, while its jobs may still run.
   */
  async account(guildId: string, keyId?: string | null): Promise<ServerAccount | undefined> {
    const current = await this.load(guildId);
    if (!keyId || current?.id === keyId) return current;
    return this.loadRetired(guildId, keyId);
  }

  /**
   * Who pays for a server's next video: its own key, the operator, or nobody yet, when its
   * key is kept but cannot be opened (SECRETS_KEY changed without SECRETS_KEY_PREVIOUS):
   * the operator never pays for it silently.
   */
  async payer(guildId: string): Promise<Payer> {
    if (await this.load(guildId)) return "server";
    if (this.unreadable.has(guildId) && !this.options.operatorPaysForUnreadable) {
      return "unreadable";
    }
    return "operator";
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
    await this.retire(guildId);
    const stored: StoredKey = {
      id: randomBytes(6).toString("base64url"),
      sealed: box.seal(apiKey),
      last4: apiKey.slice(-4),
      setBy: actorId,
    };
    await kv.set(keyOf(guildId), stored);
    this.unreadable.delete(guildId);
    this.known.set(guildId, {
      id: stored.id,
      info: { last4: stored.last4, setBy: actorId },
      client,
    });
    logger.info({ guildId, actorId }, "server TTAPI key saved");
    for (const listener of this.listeners) listener({ guildId, actorId, last4: stored.last4 });
    return { kind: "saved", last4: stored.last4 };
  }

  async remove(guildId: string, actorId: string): Promise<boolean> {
    await this.retire(guildId);
    const removed = await this.options.kv.delete(keyOf(guildId));
    this.known.set(guildId, null);
    this.unreadable.delete(guildId);
    if (removed) {
      this.options.logger.info({ guildId, actorId }, "server TTAPI key removed");
      for (const listener of this.listeners) listener({ guildId, actorId, last4: null });
    }
    return removed;
  }

  /** Keeps the current key (if any) for the jobs it submitted, as long as they can run. */
  private async retire(guildId: string): Promise<void> {
    const { kv, retainMs } = this.options;
    const current = storedKeySchema.safeParse(await kv.get(keyOf(guildId)));
    if (current.success) {
      await kv.set(retiredKeyOf(guildId, current.data.id), current.data, retainMs);
    }
  }

  private async load(guildId: string): Promise<Known | undefined> {
    const { box, kv, logger } = this.options;
    if (!box) return undefined;
    const cached = this.known.get(guildId);
    if (cached !== undefined) return cached ?? undefined;
    const raw = await kv.get(keyOf(guildId));
    const stored = storedKeySchema.safeParse(raw);
    let known: Known | null = null;
    if (raw !== undefined && !stored.success) {
      this.unreadable.set(guildId, null);
      this.options.onDamaged?.("server_key");
      logger.error(
        { guildId, operatorPays: this.options.operatorPaysForUnreadable === true },
        "a server's TTAPI key record cannot be read (damaged store value); its requests are refused until its admins set the key again",
      );
    } else if (stored.success) {
      const opened = box.open(stored.data.sealed);
      if (!opened) {
        const { last4, setBy } = stored.data;
        this.unreadable.set(guildId, { last4, setBy });
        logger.error(
          { guildId, operatorPays: this.options.operatorPaysForUnreadable === true },
          "a server's TTAPI key cannot be opened with SECRETS_KEY (rotated without SECRETS_KEY_PREVIOUS?); its requests are refused until its admins set it again",
        );
      } else {
        // Sealed with the previous key: sealed again with the current one.
        if (opened.resealed)
          await kv.set(keyOf(guildId), { ...stored.data, sealed: opened.resealed });
        const { id, last4, setBy } = stored.data;
        known = { id, info: { last4, setBy }, client: this.options.clientFor(opened.secret) };
      }
    }
    this.known.set(guildId, known);
    return known ?? undefined;
  }

  private async loadRetired(guildId: string, keyId: string): Promise<ServerAccount | undefined> {
    const { box, kv } = this.options;
    const name = retiredKeyOf(guildId, keyId);
    if (!box) return undefined;
    if (!this.retired.has(name)) {
      const stored = storedKeySchema.safeParse(await kv.get(name));
      const opened = stored.success ? box.open(stored.data.sealed) : undefined;
      this.retired.set(
        name,
        opened ? { id: keyId, client: this.options.clientFor(opened.secret) } : null,
      );
    }
    return this.retired.get(name) ?? undefined;
  }
}

const keyOf = (guildId: string) => `server-ttapi-key:${guildId}`;
const retiredKeyOf = (guildId: string, keyId: string) => `server-ttapi-key:${guildId}:${keyId}`;
