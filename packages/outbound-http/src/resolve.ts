import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { addressRefusal, type OutboundPolicy } from "./address-policy.ts";
import { OutboundRefusal } from "./refusal.ts";

/** Every address a name resolves to (the system resolver: /etc/hosts, then DNS). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/** The addresses of `hostname`, refused as a whole if any one of them is refused (a name must not pick its address per connection). */
export async function allowedAddresses(
  hostname: string,
  policy: OutboundPolicy,
  resolve: Resolve = systemResolve,
): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  if (family) {
    const refusal = addressRefusal(host, policy);
    if (refusal) throw new OutboundRefusal(refusal);
    return [{ address: host, family }];
  }
  const addresses = await resolve(host);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) throw new OutboundRefusal(`${host} resolves to ${refusal}`);
  }
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  return addresses;
}

/**
 * The one address to connect to for `hostname`, for clients that take no `lookup` hook (MQTT.js):
 * connect to the address returned, not to the name, so a second lookup cannot answer differently
 * (DNS rebinding). A name that does not resolve throws a plain Error (retryable: DNS may come back).
 */
export async function resolveAllowedAddress(
  hostname: string,
  policy: OutboundPolicy,
  resolve: Resolve = systemResolve,
): Promise<string> {
  return (await allowedAddresses(hostname, policy, resolve))[0]!.address;
}

/**
 * A `lookup` for Node's net/http/tls that refuses what the policy refuses: the check happens on
 * the very addresses the socket then connects to, so a name cannot resolve to a public address
 * for a check and to a private one for the connection (DNS rebinding), and a redirect or a
 * reused agent cannot get around it either.
 */
export function guardedLookup(policy: OutboundPolicy, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    allowedAddresses(hostname, policy, resolve).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (usable.length === 0) return callback(new Error(`${hostname} has no IPv${wanted} address`), "", 0);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}
