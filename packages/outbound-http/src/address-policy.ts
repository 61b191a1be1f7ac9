import { BlockList, isIP } from "node:net";

/** What the platform may reach on a tenant's behalf. */
export interface OutboundPolicy {
  /**
   * Let requests reach loopback and private networks (WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
   * RULES_ALLOW_PRIVATE_NETWORKS: true on one's own machine, false in a deployment). Link-local,
   * multicast and reserved addresses stay refused whatever it says.
   */
  allowPrivateNetworks: boolean;
}

/**
 * - `link-local`: 169.254.0.0/16 and fe80::/10, where cloud metadata services answer
 *   (169.254.169.254 hands out the machine's credentials): never reachable.
 * - `special`: multicast, broadcast and reserved ranges: nothing a webhook can live at, never reachable.
 * - `private`: this host (loopback, "this network"), RFC 1918, carrier-grade NAT, IPv6 unique local,
 *   IETF protocol assignments and benchmarking: reachable only when the policy allows private networks.
 */
export type AddressClass = "public" | "private" | "link-local" | "special";

function blockList(ipv4: [string, number][], ipv6: [string, number][]) {
  const list = new BlockList();
  for (const [network, prefix] of ipv4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of ipv6) list.addSubnet(network, prefix, "ipv6");
  return list;
}

const LINK_LOCAL = blockList([["169.254.0.0", 16]], [["fe80::", 10]]);
const SPECIAL = blockList(
  [
    ["224.0.0.0", 4],
    ["240.0.0.0", 4],
  ],
  [["ff00::", 8]],
);
const PRIVATE = blockList(
  [
    ["0.0.0.0", 8],
    ["10.0.0.0", 8],
    ["100.64.0.0", 10],
    ["127.0.0.0", 8],
    ["172.16.0.0", 12],
    ["192.0.0.0", 24],
    ["192.168.0.0", 16],
    ["198.18.0.0", 15],
  ],
  [
    ["::", 128],
    ["::1", 128],
    ["fc00::", 7],
  ],
);

/** The eight 16-bit groups of an IPv6 address (already known to be one), an embedded IPv4 tail included. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped (::ffff:a.b.c.d,
 * also written in hex), IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks),
 * NAT64 (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::/48). Each reaches the IPv4 host through some
 * path, so each is judged as that host: ::ffff:169.254.169.254 is the metadata service too.
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeros(0, 6) && (g[6]! !== 0 || g[7]! > 1)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

function classifyIpv4(address: string): AddressClass {
  if (LINK_LOCAL.check(address, "ipv4")) return "link-local";
  if (SPECIAL.check(address, "ipv4")) return "special";
  if (PRIVATE.check(address, "ipv4")) return "private";
  return "public";
}

/**
 * The class of an IP address, written as URLs and DNS answers write them (IPv6 in brackets or
 * not); anything that is not an IP address is `special` (never connect to what we cannot judge).
 */
export function classifyAddress(address: string): AddressClass {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 4) return classifyIpv4(ip);
  if (family !== 6) return "special";
  const v4 = embeddedIpv4(ip);
  if (v4) return classifyIpv4(v4);
  if (LINK_LOCAL.check(ip, "ipv6")) return "link-local";
  if (SPECIAL.check(ip, "ipv6")) return "special";
  if (PRIVATE.check(ip, "ipv6")) return "private";
  return "public";
}

/** True for an address refused unless the policy allows private networks, or refused always. */
export function isPrivateAddress(address: string): boolean {
  return classifyAddress(address) !== "public";
}

/** Why `address` may not be reached under `policy`, or null when it may. */
export function addressRefusal(address: string, policy: OutboundPolicy): string | null {
  const kind = classifyAddress(address);
  if (kind === "public") return null;
  if (kind === "link-local") return `${address} is a link-local address (cloud metadata lives there): always refused`;
  if (kind === "special") return `${address} is a multicast or reserved address: always refused`;
  return policy.allowPrivateNetworks ? null : `${address} is a private address: refused`;
}
