import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { PermanentError } from "@industryos/rules";
import { isPrivateAddress } from "./private-addresses.ts";

/**
 * The address to connect to for `hostname`, refusing private ones unless `allowPrivate`
 * (RULES_ALLOW_PRIVATE_NETWORKS), with the HTTP guard's rule and words: every address the name
 * resolves to is checked, and the caller connects to the address returned, not to the name, so a
 * second lookup cannot answer differently (DNS rebinding). For clients that take no `lookup`
 * hook (MQTT.js).
 */
export async function resolveAllowedAddress(hostname: string, allowPrivate: boolean): Promise<string> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    if (!allowPrivate && isPrivateAddress(host)) throw new PermanentError(`${host} is a private address: refused`);
    return host;
  }
  let addresses;
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    // Retryable: a name that does not resolve now may after a DNS outage.
    throw new Error(`${host} does not resolve: ${(error as Error).message}`, { cause: error });
  }
  const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
  if (refused) throw new PermanentError(`${host} resolves to ${refused.address}, a private address: refused`);
  const first = addresses[0];
  if (!first) throw new Error(`${host} has no address`);
  return first.address;
}
