import { createConnection, createServer, type Server, type Socket } from "node:net";
import { readRespCommands } from "./resp-commands.js";

export interface TcpProxyOptions {
  /** Round-trip time added to every exchange: half on the way there, half on the way back. */
  latencyMs?: number;
}

/** One chunk the proxy passed on, as the bot's side saw it. */
export interface ProxyEvent {
  at: number;
  direction: "request" | "reply";
  /** The Redis commands a request chunk ended (none for replies). */
  commands: string[];
}

export interface TcpProxy {
  /** The proxy's own port on 127.0.0.1: give clients this instead of the target's. */
  port: number;
  /** The target becomes unreachable: open connections drop, new ones are refused. */
  cut(): Promise<void>;
  /**
   * Cuts the link the moment the bot sends a request chunk that `match`es, before that
   * chunk reaches the server: a write lost in flight, at an exact point. Resolves once cut.
   */
  cutWhen(match: (chunk: Buffer) => boolean, timeoutMs?: number): Promise<void>;
  /** Reachable again, on the same port. */
  restore(): Promise<void>;
  /** Everything passed on since the proxy started, oldest first. */
  readonly events: readonly ProxyEvent[];
  close(): Promise<void>;
}

/**
 * A TCP proxy on loopback in front of a server of the test's own (a redis-server), so a
 * test can take the server away from the bot and give it back, as a network would, or
 * put it some milliseconds away, as a managed Redis in another zone is. It records what
 * it passes on, so a test can count commands and round trips (see `roundTrips`).
 */
export async function startTcpProxy(
  targetPort: number,
  options: TcpProxyOptions = {},
): Promise<TcpProxy> {
  const oneWay = (options.latencyMs ?? 0) / 2;
  const sockets = new Set<Socket>();
  const events: ProxyEvent[] = [];
  let server: Server | undefined;
  let port = 0;
  let trigger: { match: (chunk: Buffer) => boolean; cut: () => void } | undefined;
  /** Passes chunks on in order, each `oneWay` ms after it came. */
  const forward = (from: Socket, to: Socket, direction: ProxyEvent["direction"]) => {
    const requests = direction === "request" ? readRespCommands() : undefined;
    from.on("data", (chunk: Buffer) => {
      const deliver = () => {
        if (to.destroyed) return;
        if (direction === "request" && trigger?.match(chunk)) {
          trigger.cut();
          trigger = undefined;
          return;
        }
        events.push({ at: Date.now(), direction, commands: requests?.(chunk) ?? [] });
        to.write(chunk);
      };
      if (oneWay > 0) setTimeout(deliver, oneWay);
      else deliver();
    });
  };
  const listen = async () => {
    server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.setNoDelay(true);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      forward(client, upstream, "request");
      forward(upstream, client, "reply");
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    port = (server!.address() as { port: number }).port;
  };
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    cutWhen: (match, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          trigger = undefined;
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for the request to cut at`));
        }, timeoutMs);
        trigger = {
          match,
          cut: () => {
            clearTimeout(timer);
            void stop().then(resolve);
          },
        };
      }),
    restore: async () => {
      if (!server) await listen();
    },
    events,
    close: stop,
  };
}

/**
 * The store round trips and commands between two moments: a round trip starts with a
 * request sent after a reply came back, so requests sent together (pipelined, or on
 * several connections at once) are one.
 */
export function roundTrips(
  events: readonly ProxyEvent[],
  from: number,
  to: number,
): { roundTrips: number; commands: string[] } {
  let roundTrips = 0;
  const commands: string[] = [];
  let replySinceLastRequest = true;
  for (const event of events) {
    if (event.at < from || event.at > to) continue;
    if (event.direction === "reply") {
      replySinceLastRequest = true;
      continue;
    }
    commands.push(...event.commands);
    if (replySinceLastRequest) roundTrips++;
    replySinceLastRequest = false;
  }
  return { roundTrips, commands };
}
