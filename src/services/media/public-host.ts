import { isIP } from "node:net";

/**
 * Names the special-use domain registry (and ICANN's private-use `internal`) reserves for
 * networks of one's own: never a published image.
 */
const PRIVATE_NAMES = /(^|\.)(localhost|local|internal|test|invalid|example|onion|alt|arpa)$/;

/**
 * Whether a link's host names a public server by its domain: not an address written out
 * (public or not: the bot cannot vouch for one), not a name without a dot (an intranet
 * host), not a name reserved for private networks. The bot never fetches members' image
 * links itself, TTAPI does, so this is what keeps it from asking TTAPI to reach into a
 * network on a member's behalf.
 */
export function isPublicHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (isIP(host) !== 0) return false;
  if (!host.includes(".")) return false;
  return !PRIVATE_NAMES.test(host);
}
