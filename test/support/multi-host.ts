import { afterEach } from "vitest";
import type { BotProcess } from "./bot-process.js";
import type { HostNetwork } from "./host-network.js";

/**
 * What a multi-host test starts, stopped after each test in order: the bot processes
 * (killed, and waited for), then the fakes, then the network they ran in.
 */
export function multiHostCleanup() {
  const started = {
    hosts: [] as BotProcess[],
    fakes: [] as { stop(): Promise<void> }[],
    networks: [] as HostNetwork[],
  };
  afterEach(async () => {
    const stopping = started.hosts.splice(0);
    for (const host of stopping) host.killAll();
    await Promise.all(stopping.map((host) => host.exited));
    await Promise.all(started.fakes.splice(0).map((fake) => fake.stop()));
    await Promise.all(started.networks.splice(0).map((network) => network.close()));
  });
  return started;
}
