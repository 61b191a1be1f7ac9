import { BlockList, isIP } from "node:net";

/**
 * Addresses a rule chain may not call unless RULES_ALLOW_PRIVATE_NETWORKS is set: this host
 * (loopback, "this network"), private networks (RFC 1918, carrier-grade NAT, IPv6 unique local),
 * link-local (including cloud metadata at 169.254.169.254), multicast and reserved ranges.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

/** True for an address a chain may not reach (IPv4-mapped IPv6 addresses are judged as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const unbracketed = address.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unbracketed);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = isIP(unbracketed);
  if (family === 4) return blocked.check(unbracketed, "ipv4");
  if (family === 6) {
    // ::ffff:7f00:1 written in hex
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(unbracketed);
    if (hexMapped) {
      const high = parseInt(hexMapped[1]!, 16);
      const low = parseInt(hexMapped[2]!, 16);
      return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, "ipv4");
    }
    return blocked.check(unbracketed, "ipv6");
  }
  return false;
}
