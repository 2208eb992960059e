import { hostname } from "node:os";
import type { Keyv } from "keyv";
import { z } from "zod";
import type { Logger } from "../logger.js";

const ownerSchema = z.object({ host: z.string(), pid: z.number(), since: z.number() });
export type Owner = z.infer<typeof ownerSchema>;

/** Another live process already runs these shards on this store. */
export class OwnershipRefused extends Error {
  override name = "OwnershipRefused";

  constructor(
    readonly partition: string,
    readonly owner: Owner,
  ) {
    super(
      `another bot process already runs ${partition} on this store: host ${owner.host}, pid ${owner.pid}, since ${new Date(owner.since).toISOString()}. Stop it first, or give each process its own SHARD_LIST.`,
    );
  }
}

export interface PartitionOwnerOptions {
  kv: Keyv;
  /** The shards this process runs (JobStore's partition). */
  partition: string;
  /** How long a claim lasts without its heartbeat (renewed every third of it). */
  leaseMs: number;
  logger: Logger;
  host?: string;
  pid?: number;
  /** Whether a process of this host still runs. */
  isAlive?: (pid: number) => boolean;
}

/**
 * One process per set of shards on one store: two would both resume, poll and submit the
 * same jobs. A process claims its partition at start and renews the claim while it runs.
 * A live claim by another process refuses the start, naming it; a claim left by a process
 * of this host that is gone (`kill -9`) is taken over at once, so a restart never waits
 * out the lease. A claim from another host that stopped renewing expires after the lease.
 */
export class PartitionOwner {
  private readonly me: Owner;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: PartitionOwnerOptions) {
    this.me = {
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
      since: Date.now(),
    };
  }

  private get key(): string {
    return `owner:${this.options.partition}`;
  }

  async acquire(): Promise<void> {
    const { kv, leaseMs, logger } = this.options;
    const current = ownerSchema.safeParse(await kv.get(this.key));
    if (current.success && !this.isMine(current.data)) {
      if (!this.isGoneFromThisHost(current.data)) {
        throw new OwnershipRefused(this.options.partition, current.data);
      }
      logger.info({ previous: current.data }, "taking over shards from a process that is gone");
    }
    await kv.set(this.key, this.me, leaseMs);
    this.heartbeat = setInterval(() => {
      kv.set(this.key, this.me, leaseMs).catch((error: unknown) => {
        logger.warn({ err: error }, "could not renew the claim on this process's shards");
      });
    }, leaseMs / 3);
    this.heartbeat.unref();
  }

  /** Gives the claim up (an orderly stop): the next process needs no takeover. */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    const current = ownerSchema.safeParse(await this.options.kv.get(this.key));
    if (current.success && this.isMine(current.data)) await this.options.kv.delete(this.key);
  }

  private isMine(owner: Owner): boolean {
    return owner.host === this.me.host && owner.pid === this.me.pid;
  }

  private isGoneFromThisHost(owner: Owner): boolean {
    return owner.host === this.me.host && !(this.options.isAlive ?? isAlive)(owner.pid);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
