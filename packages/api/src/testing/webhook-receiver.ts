import type { IncomingHttpHeaders } from "node:http";
import { verifyWebhookSignature } from "../services/webhooks/signature.ts";
import { serveOnLoopback } from "./loopback-server.ts";

/** One POST the receiver got, as an integrator's endpoint would see it. */
export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body text (what the signature covers). */
  body: string;
  deliveryId: string;
  event: string;
  /** Whether `IndustryOS-Signature` verified against the receiver's secret for this path (null: no secret known). */
  signatureValid: boolean | null;
  receivedAt: number;
}

export interface WebhookReceiverOptions {
  /** The status to answer each POST with (default 200); may be async (to be slow). */
  answer?: (delivery: ReceivedDelivery, count: number) => number | Promise<number>;
  /** Keep no list of deliveries, only counts (a benchmark's millions). */
  countOnly?: boolean;
}

/**
 * An integrator's endpoint on 127.0.0.1 for tests and benchmarks: records each POST, checks its
 * signature with the secret set for its path (`secrets.set("/hook/1", secret)`, or "*" for any
 * path) and answers with the status `answer` picks.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}) {
  const deliveries: ReceivedDelivery[] = [];
  const secrets = new Map<string, string>();
  const counts = { received: 0, valid: 0, invalid: 0 };
  const { server, port, close } = await serveOnLoopback((req, res, body) => {
    const path = req.url ?? "/";
    const secret = secrets.get(path) ?? secrets.get("*");
    const signatureValid =
      secret === undefined
        ? null
        : verifyWebhookSignature(secret, req.headers["industryos-signature"] as string | undefined, body);
    const delivery: ReceivedDelivery = {
      path,
      headers: req.headers,
      body,
      deliveryId: String(req.headers["industryos-delivery"] ?? ""),
      event: String(req.headers["industryos-event"] ?? ""),
      signatureValid,
      receivedAt: Date.now(),
    };
    counts.received++;
    if (signatureValid === true) counts.valid++;
    if (signatureValid === false) counts.invalid++;
    if (!options.countOnly) deliveries.push(delivery);
    void Promise.resolve(options.answer ? options.answer(delivery, counts.received) : 200).then(
      (status) => {
        if (!res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end('{"received":true}');
      },
      () => res.writeHead(500).end(),
    );
  });
  server.keepAliveTimeout = 30_000;
  return {
    port,
    /** `http://127.0.0.1:<port><path>`. */
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    deliveries,
    secrets,
    counts,
    /** Resolves once `n` POSTs arrived (or rejects after `timeoutMs`). */
    async waitFor(n: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (counts.received < n) {
        if (Date.now() > deadline) throw new Error(`the receiver got ${counts.received} of ${n} deliveries`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close,
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
