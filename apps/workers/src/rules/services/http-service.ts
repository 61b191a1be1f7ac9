import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { PermanentError, type RuleServices } from "@industryos/rules";
import { isPrivateAddress } from "./private-addresses.ts";

export interface HttpServiceOptions {
  /** RULES_ALLOW_PRIVATE_NETWORKS: let chains call loopback, private and link-local addresses. */
  allowPrivateNetworks: boolean;
  /** Whole request, connect to last byte (default 10 s). */
  timeoutMs?: number;
  /** Longest answer read (default 1 MiB); a longer one is a failure. */
  maxResponseBytes?: number;
}

/**
 * A DNS lookup that refuses private addresses: the check happens on the addresses the socket
 * then connects to, so a name cannot resolve to a public address for a check and to a private
 * one for the connection (DNS rebinding).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused)
        return callback(
          new PermanentError(`${hostname} resolves to ${refused.address}, a private address: refused`),
          "",
          0,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Outgoing HTTP for rule nodes (`external.webhook`). Node's http client rather than fetch: its
 * `lookup` hook checks the very addresses it connects to (fetch cannot take a lookup without
 * undici's Agent), and it never follows redirects (fetch does, to any address). An address given
 * literally is checked before connecting. Refusals and invalid URLs are permanent failures;
 * network errors and timeouts retryable.
 */
export function createHttpService(options: HttpServiceOptions): RuleServices["http"] {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1 << 20;
  const lookup = guardedLookup(options.allowPrivateNetworks);
  return {
    send(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return Promise.reject(new PermanentError(`${request.url} is not a URL`));
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        return Promise.reject(new PermanentError(`${url.protocol} URLs are not allowed`));
      const host = url.hostname.replace(/^\[|\]$/g, "");
      if (!options.allowPrivateNetworks && isIP(host) && isPrivateAddress(host))
        return Promise.reject(new PermanentError(`${host} is a private address: refused`));
      return new Promise((resolve, reject) => {
        const send = url.protocol === "https:" ? httpsRequest : httpRequest;
        const body = request.body ? Buffer.from(request.body) : undefined;
        const req = send(
          url,
          {
            method: request.method,
            headers: { ...request.headers, ...(body ? { "content-length": String(body.byteLength) } : {}) },
            lookup,
            timeout: timeoutMs,
          },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on("data", (chunk: Buffer) => {
              size += chunk.byteLength;
              if (size > maxBytes) {
                req.destroy(new PermanentError(`${url.origin} answered more than ${maxBytes} bytes`));
                return;
              }
              chunks.push(chunk);
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
          },
        );
        const deadline = setTimeout(
          () => req.destroy(new Error(`${url.origin} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        req.on("timeout", () => req.destroy(new Error(`${url.origin} did not answer within ${timeoutMs} ms`)));
        req.on("error", reject);
        req.on("close", () => clearTimeout(deadline));
        req.end(body);
      });
    },
  };
}
