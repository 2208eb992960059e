import { execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";

/** One network namespace of the lab: its name and its one address. */
export interface Namespace {
  name: string;
  address: string;
}

/**
 * Network namespaces the test creates, joined by a bridge of its own: each namespace is a
 * host with one address, and the test process reaches them (and they it) through the
 * bridge's address. No other address is ever used.
 */
export interface NetnsLab {
  /** The test process's address on the bridge: the fakes listen here. */
  bridgeAddress: string;
  namespaces: Record<string, Namespace>;
  /** The command-line prefix that runs a command inside a namespace. */
  run(namespace: Namespace): string[];
  /** `from` can no longer reach `to` (its packets are dropped), as on a lost link. */
  cut(from: Namespace, to: Namespace): void;
  restore(from: Namespace, to: Namespace): void;
  close(): void;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

/**
 * Why namespaces cannot be made here (not root, no `ip`), or undefined. CI runs as root:
 * there a failure to make one is an error, not a reason to skip.
 */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "network namespaces need root";
  const name = `gvprobe${randomBytes(3).toString("hex")}`;
  try {
    ip("netns", "add", name);
    ip("netns", "del", name);
    return undefined;
  } catch (error) {
    const reason = `ip netns does not work here: ${String(error).split("\n")[0]}`;
    if (process.env.CI === "true") throw new Error(`netns tests cannot run in CI: ${reason}`);
    return reason;
  }
}

/** Makes one namespace per name, each with an address on a fresh /24 of 10.0.0.0/8. */
export function createNetnsLab(names: readonly string[]): NetnsLab {
  const id = randomBytes(2).toString("hex");
  const subnet = `10.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  const bridge = `gvb${id}`;
  const made: string[] = [];
  const lab: NetnsLab = {
    bridgeAddress: `${subnet}.1`,
    namespaces: {},
    run: (namespace) => ["ip", "netns", "exec", namespace.name],
    cut: (from, to) => ip("-n", from.name, "route", "add", "blackhole", `${to.address}/32`),
    restore: (from, to) => ip("-n", from.name, "route", "del", "blackhole", `${to.address}/32`),
    close() {
      for (const name of made) ip("netns", "del", name);
      ip("link", "del", bridge);
    },
  };
  try {
    // Frames between namespaces skip iptables: a Docker engine on the machine sets the
    // FORWARD policy to DROP, which would otherwise cut the hosts off from each other.
    ip("link", "add", bridge, "type", "bridge", "nf_call_iptables", "0", "nf_call_ip6tables", "0");
    ip("addr", "add", `${lab.bridgeAddress}/24`, "dev", bridge);
    ip("link", "set", bridge, "up");
    names.forEach((label, i) => {
      const name = `gv${id}-${label}`;
      const [outside, inside] = [`gv${id}h${i}`, `gv${id}n${i}`];
      const address = `${subnet}.${i + 2}`;
      ip("netns", "add", name);
      made.push(name);
      ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      ip("link", "set", inside, "netns", name);
      ip("link", "set", outside, "master", bridge, "up");
      ip("-n", name, "addr", "add", `${address}/24`, "dev", inside);
      ip("-n", name, "link", "set", inside, "up");
      ip("-n", name, "link", "set", "lo", "up");
      lab.namespaces[label] = { name, address };
    });
  } catch (error) {
    try {
      lab.close();
    } catch {
      // Half made: what was made is gone with the namespaces.
    }
    throw error;
  }
  return lab;
}
