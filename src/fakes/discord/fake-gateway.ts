import type { Server } from "node:http";
import {
  type APIUser,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayReceivePayload,
} from "discord-api-types/v10";
import { type WebSocket, WebSocketServer } from "ws";
import { type FakeGuild, guildCreatePayload } from "./discord-payloads.js";

export interface GatewayIdentity {
  token: string;
  applicationId: string;
  botUser: APIUser;
  guilds: () => FakeGuild[];
}

/**
 * Discord's gateway, as much of it as discord.js needs: HELLO, IDENTIFY → READY and one
 * GUILD_CREATE per guild (with channels, or discord.js waits for them), heartbeats with
 * acks, and dispatches with an increasing sequence number. No compression.
 */
export class FakeGateway {
  private readonly wss: WebSocketServer;
  /** Identified sessions and the shard each one asked for ([id, count]). */
  private readonly sessions = new Map<WebSocket, [number, number]>();
  private sequence = 0;
  private sessionCount = 0;
  /** While down, connections are dropped as they arrive (an outage). */
  private down = false;

  constructor(
    server: Server,
    private readonly identity: GatewayIdentity,
  ) {
    this.wss = new WebSocketServer({ server, path: "/gateway" });
    this.wss.on("connection", (socket) => this.accept(socket));
  }

  /**
   * Sends an event to the session whose shard owns `guildId` (shard 0 for DMs), as
   * Discord routes events; with no shards in play that is the one session.
   */
  dispatch(event: `${GatewayDispatchEvents}`, data: unknown, guildId?: string | null): void {
    for (const [socket, [shardId, shardCount]] of this.sessions) {
      if (shardOf(guildId ?? null, shardCount) !== shardId) continue;
      this.send(socket, { op: 0, t: event, s: ++this.sequence, d: data });
    }
  }

  /** An outage: every session is cut and new ones are dropped until `restore()`. */
  cut(): void {
    this.down = true;
    for (const socket of this.wss.clients) socket.terminate();
  }

  /** The outage is over: clients may connect (and identify) again. */
  restore(): void {
    this.down = false;
  }

  /** The shards identified so far, as `[id, count]`. */
  get shards(): [number, number][] {
    return [...this.sessions.values()];
  }

  close(): void {
    for (const socket of this.wss.clients) socket.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    if (this.down) {
      socket.terminate();
      return;
    }
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          this.send(socket, { op: GatewayOpcodes.HeartbeatAck });
          break;
        case GatewayOpcodes.Identify:
          this.identify(socket, payload.d as { token: string });
          break;
        case GatewayOpcodes.Resume:
          // Sessions are not kept: make the client identify afresh.
          this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
          break;
      }
    });
    socket.on("close", () => this.sessions.delete(socket));
  }

  private identify(socket: WebSocket, data: { token: string; shard?: [number, number] }): void {
    if (data.token.replace(/^Bot /, "") !== this.identity.token) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    const [shardId, shardCount] = data.shard ?? [0, 1];
    this.sessions.set(socket, [shardId, shardCount]);
    const guilds = this.identity
      .guilds()
      .filter((guild) => shardOf(guild.id, shardCount) === shardId);
    this.send(socket, {
      op: 0,
      t: GatewayDispatchEvents.Ready,
      s: ++this.sequence,
      d: {
        v: 10,
        user: this.identity.botUser,
        guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: `session-${++this.sessionCount}`,
        resume_gateway_url: "ws://127.0.0.1:1",
        application: { id: this.identity.applicationId, flags: 0 },
        shard: [shardId, shardCount],
      },
    });
    for (const guild of guilds) {
      this.send(socket, {
        op: 0,
        t: GatewayDispatchEvents.GuildCreate,
        s: ++this.sequence,
        d: guildCreatePayload(guild),
      });
    }
  }

  private send(socket: WebSocket, payload: GatewayReceivePayload | Record<string, unknown>): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }
}

/** Discord's rule: a guild belongs to shard (id >> 22) % count; DMs to shard 0. */
export function shardOf(guildId: string | null, shardCount: number): number {
  return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0;
}
