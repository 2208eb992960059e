import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import { fenceCheckStep, runStep } from "./atomic-steps.js";
import type { Fence } from "./fence.js";
import { FileLock } from "./file-lock.js";
import {
  type LeaseOutput,
  leaseReleaseStep,
  leaseStep,
  type Owner,
  ownerSchema,
} from "./owner-lease-steps.js";
import type { Store } from "./store.js";

export type { Owner } from "./owner-lease-steps.js";

/** Another live process already runs these shards on this store. */
export class OwnershipRefused extends Error {
  override name = "OwnershipRefused";

  constructor(
    readonly partition: string,
    readonly owner: Owner | undefined,
  ) {
    const who = owner
      ? `host ${owner.host}, pid ${owner.pid}, since ${new Date(owner.since).toISOString()}`
      : "a process whose claim cannot be read (a damaged value: it is held until it expires, OWNER_LEASE_MS)";
    super(
      `another bot process already runs ${partition} on this store: ${who}. Stop it first, or give each process its own SHARD_LIST.`,
    );
    this.holder = who;
    this.standbyMessage = `standing by: another bot process already runs ${partition} on this store (${who}); taking over when its claim lapses`;
  }

  /** Who holds the shards, as shown: host, pid and since, or why nobody can be named. */
  readonly holder: string;

  /** The same, as a standby says it (see PartitionOwner.claim). */
  readonly standbyMessage: string;
}

export interface PartitionOwnerOptions {
  store: Pick<Store, "kv" | "atomic" | "ownerLockFile">;
  /** The shards this process runs (JobStore's partition). */
  partition: string;
  /** How long a Redis claim lasts without its heartbeat (renewed every third of it). */
  leaseMs: number;
  logger: Logger;
  /** Told when another process took the claim over (this one paused past the lease). */
  onLost?: (owner: Owner | undefined) => void;
  /** Told when this process starts standing by (who holds the shards) and stops (null). */
  onStandby?: (holder: string | null) => void;
  host?: string;
  pid?: number;
  /** Whether a process of this host still runs. */
  isAlive?: (pid: number) => boolean;
}

/**
 * One process per set of shards on one store: two would both resume, poll and submit the
 * same jobs. A process claims its partition at start and holds it while it runs; a second
 * live process for the same shards is refused, naming the first.
 * - SQLite: an OS lock on a file beside the database (see FileLock). The kernel drops it
 *   when the process ends, `kill -9` included, so a restart never waits.
 * - Redis: a lease, taken and renewed in one atomic step each, so two processes starting
 *   at once cannot both win. A lease left by a process of this host that is gone is taken
 *   over at once; one from another host that stopped renewing expires after the lease.
 */
export class PartitionOwner {
  private readonly me: Owner;
  private heartbeat: NodeJS.Timeout | undefined;
  private fileLock: FileLock | undefined;
  /** Whether `acquire` succeeded: only then is there anything to give up. */
  private held = false;
  /** Whether another process was found holding the shards since (said once). */
  private lost = false;

  constructor(private readonly options: PartitionOwnerOptions) {
    this.me = {
      id: randomUUID(),
      host: options.host ?? hostname(),
      pid: options.pid ?? process.pid,
      since: Date.now(),
    };
  }

  private get key(): string {
    return `owner:${this.options.partition}`;
  }

  /**
   * Claims the shards, or waits as a standby while another live process holds them:
   * logged once, tried again every third of the lease, so it takes over within the lease
   * (and one try) of the owner's last renewal, or at once when the owner was of this host
   * and is gone, or held the SQLite file lock. "stopped": `signal` ended the wait.
   */
  async claim(signal: AbortSignal): Promise<"held" | "stopped"> {
    const { logger, onStandby } = this.options;
    let standing = false;
    for (;;) {
      try {
        await this.acquire();
        if (standing) {
          onStandby?.(null);
          logger.info(
            { partition: this.options.partition },
            "took over the shards after standing by",
          );
        }
        return "held";
      } catch (error) {
        if (!(error instanceof OwnershipRefused)) throw error;
        if (!standing) {
          standing = true;
          onStandby?.(error.holder);
          logger.warn({ owner: error.owner }, error.standbyMessage);
        }
      }
      try {
        await sleep(Math.max(100, this.options.leaseMs / 3), undefined, { signal });
      } catch {
        return "stopped";
      }
    }
  }

  /**
   * What the steps that end, settle or submit a job are made under while this process holds
   * the shards (see Fence); none before it does or after it gave them up.
   */
  fence(): Fence | undefined {
    if (!this.held) return undefined;
    return { key: this.key, id: this.me.id!, lost: () => this.fencedOut() };
  }

  /** Whether this process still holds its shards, in one store step; FencedOut when not. */
  async checkClaim(): Promise<void> {
    const fence = this.fence();
    if (fence) await runStep(this.options.store.atomic, fenceCheckStep, undefined, fence);
  }

  /** One try: OwnershipRefused when another live process holds the shards. */
  async acquire(): Promise<void> {
    const { store, partition } = this.options;
    const lockFile = store.ownerLockFile(partition);
    if (lockFile !== undefined) return this.lockFile(lockFile);
    let claim = await this.lease();
    if (claim.kind === "held" && claim.owner && this.isGoneFromThisHost(claim.owner)) {
      this.options.logger.info(
        { previous: claim.owner },
        "taking over shards from a process that is gone",
      );
      claim = await this.lease(claim.owner);
    }
    if (claim.kind === "held") throw new OwnershipRefused(partition, claim.owner);
    this.held = true;
    this.heartbeat = setInterval(() => void this.renew(), this.options.leaseMs / 3);
    this.heartbeat.unref();
  }

  /** Gives the claim up (an orderly stop): the next process needs no takeover. */
  async release(): Promise<void> {
    clearInterval(this.heartbeat);
    if (!this.held) return;
    this.held = false;
    const { store } = this.options;
    if (this.fileLock) {
      this.fileLock.unlock();
      this.fileLock = undefined;
      await store.kv.delete(this.key);
      return;
    }
    await runStep(store.atomic, leaseReleaseStep, { key: this.key, me: this.me });
  }

  private async lockFile(path: string): Promise<void> {
    const lock = new FileLock(path);
    if (!lock.tryLock(JSON.stringify(this.me))) {
      const holder = ownerSchema.safeParse(await this.options.store.kv.get(this.key));
      throw new OwnershipRefused(this.options.partition, holder.data);
    }
    // Who holds it, for the message a second process prints; the fence reads it too.
    try {
      await this.options.store.kv.set(this.key, this.me);
    } catch (error) {
      lock.unlock();
      throw error;
    }
    this.fileLock = lock;
    this.held = true;
  }

  private lease(replacing?: Owner): Promise<LeaseOutput> {
    return runStep(this.options.store.atomic, leaseStep, {
      key: this.key,
      me: this.me,
      leaseMs: this.options.leaseMs,
      ...(replacing ? { replacing } : {}),
      renewing: this.held,
    });
  }

  private async renew(): Promise<void> {
    const { logger, onLost } = this.options;
    try {
      const claim = await this.lease();
      if (claim.kind === "mine" || this.lost) return;
      this.lost = true;
      clearInterval(this.heartbeat);
      logger.error({ owner: claim.owner }, "another process took over this process's shards");
      onLost?.(claim.owner);
    } catch (error) {
      logger.warn({ err: error }, "could not renew the claim on this process's shards");
    }
  }

  /** A fenced step found the shards another's: said once, then the process is told to go. */
  private fencedOut(): void {
    if (this.lost) return;
    this.lost = true;
    clearInterval(this.heartbeat);
    this.options.logger.error(
      { partition: this.options.partition },
      "another process took over this process's shards: stopping, without ending, charging or submitting anything more",
    );
    this.options.onLost?.(undefined);
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
