import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Addresses a download must never reach unless the operator trusts the host: every range
 * of IANA's special-purpose registries for IPv4 and IPv6 (loopback, private, link-local
 * where cloud metadata sits, carrier-grade NAT, benchmarking, documentation, the IETF's
 * own, NAT64 and 6to4 that lead back into IPv4, discard-only, reserved), plus multicast
 * and broadcast: none of them is where a video is published.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.31.196.0", 24],
  ["192.52.193.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["192.175.48.0", 24],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  // ::/96 holds the unspecified address, loopback and IPv4-compatible ::a.b.c.d.
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["2620:4f:8000::", 48],
  ["3fff::", 20],
  ["5f00::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv6");
}

/** A host as compared with VIDEO_TRUSTED_HOSTS: lower case, an IPv6 literal without brackets. */
export const hostKey = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, "$1");

export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return INTERNAL.check(mapped, "ipv4");
  return INTERNAL.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class BlockedAddress extends Error {
  override name = "BlockedAddress";
}

/**
 * A DNS lookup for sockets that fails for internal addresses: the check happens at connect
 * time, after DNS, so a name that resolves (or is re-pointed) to an internal address is
 * refused too. Hosts in `trusted` are looked up as usual.
 */
export function guardedLookup(trusted: ReadonlySet<string>): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 4);
      const allowed = trusted.has(hostKey(hostname))
        ? addresses
        : addresses.filter((entry) => !isInternalAddress(entry.address));
      if (allowed.length === 0) {
        return callback(new BlockedAddress(`${hostname} resolves to an internal address`), "", 4);
      }
      if (options.all) return callback(null, allowed as never, 4);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
