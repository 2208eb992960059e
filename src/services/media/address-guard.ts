import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Addresses a download must never reach unless the operator trusts the host: loopback,
 * private ranges, link-local (cloud metadata sits at 169.254.169.254), carrier-grade NAT,
 * unspecified, and their IPv6 forms.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  INTERNAL.addSubnet(network, prefix, "ipv6");
}

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
      const allowed = trusted.has(hostname.toLowerCase())
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
