import { ShardClientUtil, type ShardingManager } from "discord.js";
import { z } from "zod";
import type { Logger } from "../logger.js";
import { parseJson } from "../services/http-body.js";
import type { JobRecord } from "../services/jobs/job-record.js";
import type { HostMessages } from "../services/store.js";

/**
 * What a shard manager sends a shard process: "TTAPI says this job of yours changed" (and,
 * for a job whose submit went unanswered, which TTAPI job the callback names).
 */
export const ttapiHookMessageSchema = z.object({
  ttapiHook: z.string(),
  claimed: z.string().optional(),
});
export type TtapiHookMessage = z.infer<typeof ttapiHookMessageSchema>;

const channelOf = (shardId: number) => `grok-video:ttapi-hooks:shard-${shardId}`;

export interface ShardCallbacksOptions {
  manager: ShardingManager;
  /** The shards this host runs (its SHARD_LIST, or all). */
  localShards: readonly number[];
  /** Set when other hosts run the other shards: they are reached through the store. */
  hosts?: HostMessages;
  logger: Logger;
}

/**
 * Callbacks under sharding. TTAPI calls whichever host the public URL reaches; the job
 * belongs to the shard that owns its guild (DMs: shard 0), and only that shard's process
 * may act on it. The callback is passed on by id: to a shard of this host through
 * discord.js's shard IPC, to a shard of another host through Redis pub/sub (each host
 * listens on its own shards' channels and passes on through its IPC).
 */
export class ShardCallbacks {
  constructor(private readonly options: ShardCallbacksOptions) {}

  async start(): Promise<void> {
    const channels = this.options.localShards.map(channelOf);
    await this.options.hosts?.subscribe(channels, (raw, channel) => {
      const shardId = Number(channel.slice(channel.lastIndexOf("-") + 1));
      const message = ttapiHookMessageSchema.safeParse(parseJson(raw));
      if (message.success) void this.toLocalShard(shardId, message.data);
    });
  }

  /** Passes a genuine callback to the process that owns the job. */
  async toOwner(job: JobRecord, claimed?: string): Promise<void> {
    const { manager, logger } = this.options;
    const owner = job.origin.guildId
      ? ShardClientUtil.shardIdForGuildId(job.origin.guildId, Number(manager.totalShards))
      : 0;
    const message: TtapiHookMessage = { ttapiHook: job.id, ...(claimed ? { claimed } : {}) };
    if (manager.shards.has(owner)) return this.toLocalShard(owner, message);
    if (!this.options.hosts) {
      logger.warn({ jobId: job.id, shard: owner }, "callback for a shard no host runs; ignored");
      return;
    }
    await this.options.hosts.publish(channelOf(owner), JSON.stringify(message));
  }

  private async toLocalShard(shardId: number, message: TtapiHookMessage): Promise<void> {
    const shard = this.options.manager.shards.get(shardId);
    await shard?.send(message).catch((error: unknown) => {
      const jobId = message.ttapiHook;
      this.options.logger.warn({ err: error, shard: shardId, jobId }, "callback not passed on");
    });
  }
}
