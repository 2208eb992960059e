import { createNetnsLab, type Namespace, type NetnsLab, netnsUnavailable } from "./netns.js";
import { type RedisServer, startRedis } from "./redis-server.js";

/** Where one bot host runs: its address, and the prefix that puts a process there. */
export interface Host {
  address: string;
  wrap: string[];
  namespace?: Namespace;
}

/** Bot hosts and their shared Redis, as far apart as this machine allows. */
export interface HostNetwork {
  /** Whether each host (and Redis) is in a network namespace of its own. */
  separate: boolean;
  /** Where the fakes (Discord, TTAPI) listen. */
  fakesHost: string;
  storeUrl: string;
  hosts: Host[];
  /** The lab, when `separate`: a test can cut a host's link. */
  lab?: NetnsLab;
  redis?: Namespace;
  close(): Promise<void>;
}

/**
 * `count` bot hosts sharing one Redis: each in its own network namespace with Redis in
 * another, where namespaces can be made (CI runs as root), else all on loopback with the
 * given Redis.
 */
export async function hostNetwork(
  count: number,
  loopbackRedis: () => Promise<string>,
): Promise<HostNetwork> {
  if (netnsUnavailable() !== undefined) {
    const host: Host = { address: "127.0.0.1", wrap: [] };
    return {
      separate: false,
      fakesHost: "127.0.0.1",
      storeUrl: await loopbackRedis(),
      hosts: Array.from({ length: count }, () => host),
      close: async () => undefined,
    };
  }
  const labels = Array.from({ length: count }, (_, i) => `host${i}`);
  const lab = createNetnsLab(["redis", ...labels]);
  let redis: RedisServer | undefined;
  try {
    const place = lab.namespaces.redis!;
    redis = await startRedis({ host: place.address, wrap: lab.run(place) });
    return {
      separate: true,
      fakesHost: lab.bridgeAddress,
      storeUrl: redis.url,
      hosts: labels.map((label) => {
        const namespace = lab.namespaces[label]!;
        return { address: namespace.address, wrap: lab.run(namespace), namespace };
      }),
      lab,
      redis: place,
      async close() {
        await redis?.stop();
        lab.close();
      },
    };
  } catch (error) {
    await redis?.stop();
    lab.close();
    throw error;
  }
}
