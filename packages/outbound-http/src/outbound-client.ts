import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { addressRefusal, type OutboundPolicy } from "./address-policy.ts";
import { OutboundRefusal, OutboundTimeout } from "./refusal.ts";
import { allowedAddresses, guardedLookup, systemResolve, type Resolve } from "./resolve.ts";

export interface OutboundRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The answer's text, cut at `maxResponseBytes` (then `truncated`). */
  body: string;
  truncated: boolean;
  /** From the call to the last byte read. */
  durationMs: number;
}

export interface OutboundClientOptions extends OutboundPolicy {
  /** Whole request, connect to last byte (default 10 s); past it the request fails with OutboundTimeout. */
  timeoutMs?: number;
  /** Longest answer read (default 1 MiB); the rest is not read and the answer is `truncated`. */
  maxResponseBytes?: number;
  /**
   * Keep connections open for the next request to the same origin (default false). A webhook
   * dispatcher sending thousands a second to a few receivers needs it; TLS handshakes and TCP
   * set-up would otherwise cost more than the requests.
   */
  keepAlive?: boolean;
  /** Connections per origin when keeping them alive (default 64). */
  maxSocketsPerOrigin?: number;
  /** Name resolution (default: the system resolver); every address it answers is checked. */
  resolve?: Resolve;
}

export interface OutboundClient {
  send(request: OutboundRequest): Promise<OutboundResponse>;
  /** Closes kept-alive connections. */
  close(): void;
}

/**
 * The URL a request may go to under `policy`: http or https, and a host that is not a refused
 * address when written literally. Names are checked when they resolve (see `checkDestination`
 * and the client's lookup). Throws OutboundRefusal with a message fit for the person who typed it.
 */
export function checkUrl(text: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundRefusal(`${text} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundRefusal(`${url.protocol} URLs are not allowed: use http or https`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const refusal = isIP(host) ? addressRefusal(host, policy) : null;
  if (refusal) throw new OutboundRefusal(refusal);
  return url;
}

/**
 * `checkUrl`, then the name resolved now: for a clear answer when a URL is saved. Only a refusal
 * throws; a name that does not resolve (yet) is left to the request, which checks again anyway.
 */
export async function checkDestination(text: string, policy: OutboundPolicy, resolve: Resolve = systemResolve) {
  const url = checkUrl(text, policy);
  await allowedAddresses(url.hostname, policy, resolve).catch((error: unknown) => {
    if (error instanceof OutboundRefusal) throw error;
  });
  return url;
}

/**
 * HTTP requests on a tenant's behalf. Node's http client rather than fetch: its `lookup` hook
 * lets the guard check the very addresses it connects to (fetch takes no lookup without undici's
 * Agent), and it never follows redirects (fetch does, to any address): a 3xx comes back as the
 * answer, for the caller to treat as the failure it is. A literal address is checked before
 * connecting (Node does not look those up).
 */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const policy: OutboundPolicy = { allowPrivateNetworks: options.allowPrivateNetworks };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1 << 20;
  const lookup = guardedLookup(policy, options.resolve);
  const agentOptions = { keepAlive: true, maxSockets: options.maxSocketsPerOrigin ?? 64, lookup };
  const agents = options.keepAlive ? { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) } : null;
  // URLs that passed checkUrl under this client's fixed policy: a webhook dispatcher sends thousands a second to
  // the same few hundred URLs, and parsing and classifying each again was 3% of its CPU. Names are still checked
  // at every connection (the lookup); refusals are not kept, so they throw every time.
  const checkedUrls = new Map<string, URL>();
  const checked = (text: string) => {
    let url = checkedUrls.get(text);
    if (!url) {
      url = checkUrl(text, policy);
      if (checkedUrls.size >= 10_000) checkedUrls.clear();
      checkedUrls.set(text, url);
    }
    return url;
  };

  return {
    send(request) {
      let url: URL;
      try {
        url = checked(request.url);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      const started = performance.now();
      return new Promise<OutboundResponse>((resolve, reject) => {
        const https = url.protocol === "https:";
        const body = request.body === undefined ? undefined : Buffer.from(request.body);
        const headers = { ...request.headers, ...(body ? { "content-length": String(body.byteLength) } : {}) };
        const agent = agents ? (https ? agents.https : agents.http) : undefined;
        const req = (https ? httpsRequest : httpRequest)(
          url,
          { method: request.method, headers, lookup, ...(agent ? { agent } : {}) },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            let truncated = false;
            const finish = () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString("utf8"),
                truncated,
                durationMs: Math.round(performance.now() - started),
              });
            res.on("data", (chunk: Buffer) => {
              if (truncated) return;
              size += chunk.byteLength;
              if (size > maxBytes) {
                truncated = true;
                chunks.push(chunk.subarray(0, chunk.byteLength - (size - maxBytes)));
                // Stop reading: the connection cannot be reused mid-answer, so it is closed.
                res.destroy();
                finish();
                return;
              }
              chunks.push(chunk);
            });
            res.on("end", finish);
            res.on("error", (error) => (truncated ? undefined : reject(error)));
          },
        );
        const deadline = setTimeout(
          () => req.destroy(new OutboundTimeout(`${url.origin} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        req.on("error", reject);
        req.on("close", () => clearTimeout(deadline));
        req.end(body);
      });
    },
    close() {
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}
