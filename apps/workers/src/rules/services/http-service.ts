import { PermanentError, type RuleServices } from "@industryos/rules";
import { createOutboundClient, OutboundRefusal } from "@industryos/outbound-http";

export interface HttpServiceOptions {
  /** RULES_ALLOW_PRIVATE_NETWORKS: let chains call loopback and private networks (never link-local). */
  allowPrivateNetworks: boolean;
  /** Whole request, connect to last byte (default 10 s). */
  timeoutMs?: number;
  /** Longest answer read (default 1 MiB); a longer one is a failure. */
  maxResponseBytes?: number;
}

/**
 * Outgoing HTTP for rule nodes (`external.webhook`) through the platform's one guarded client
 * (@industryos/outbound-http: addresses checked where the socket connects, no redirects
 * followed). Refusals, invalid URLs and answers longer than allowed are permanent failures;
 * network errors and timeouts retryable.
 */
export function createHttpService(options: HttpServiceOptions): RuleServices["http"] {
  const maxBytes = options.maxResponseBytes ?? 1 << 20;
  const client = createOutboundClient({
    allowPrivateNetworks: options.allowPrivateNetworks,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: maxBytes,
  });
  return {
    async send(request) {
      let answer;
      try {
        answer = await client.send(request);
      } catch (error) {
        if (error instanceof OutboundRefusal) throw new PermanentError(error.message);
        throw error;
      }
      if (answer.truncated)
        throw new PermanentError(`${new URL(request.url).origin} answered more than ${maxBytes} bytes`);
      return { status: answer.status, body: answer.body };
    },
  };
}
