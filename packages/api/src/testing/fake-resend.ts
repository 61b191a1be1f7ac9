import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { serveOnLoopback } from "./loopback-server.ts";

export interface SentEmail {
  from: string;
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  /** As the SDK sends them: `content` base64-encoded. */
  attachments?: Array<{ filename: string; content: string; content_type?: string }>;
}

/**
 * A local HTTP server that speaks the part of Resend's API we use (`POST /emails`, bearer key),
 * so tests run the real `resend` SDK against it (RESEND_BASE_URL / `baseUrl`). `otherKeys` are the keys
 * of further accounts it takes (the platform's beside a tenant's: both reach the one RESEND_BASE_URL).
 */
export async function startResendServer(apiKey = "re_test_key", otherKeys: string[] = []) {
  const sent: SentEmail[] = [];
  const keys = new Set([apiKey, ...otherKeys].map((key) => `Bearer ${key}`));
  /** The API key each email in `sent` was sent with. */
  const sentWith: string[] = [];
  /** The signing secret Resend shows for a webhook (`whsec_` and base64 key bytes). */
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  const ids: string[] = [];
  // Resend answers a repeated Idempotency-Key with the first email's id and sends nothing again.
  const byIdempotencyKey = new Map<string, string>();
  const { port, close } = await serveOnLoopback((req, res, body) => {
    res.setHeader("content-type", "application/json");
    if (!keys.has(req.headers.authorization ?? "")) {
      res
        .writeHead(401)
        .end(JSON.stringify({ statusCode: 401, name: "validation_error", message: "API key is invalid" }));
      return;
    }
    if (req.method !== "POST" || req.url !== "/emails") {
      res.writeHead(404).end(JSON.stringify({ statusCode: 404, name: "not_found", message: "Not found" }));
      return;
    }
    const email = JSON.parse(body) as SentEmail;
    if (!email.to || !email.subject || !email.from) {
      res
        .writeHead(422)
        .end(
          JSON.stringify({ statusCode: 422, name: "validation_error", message: "Missing `to`, `from` or `subject`" }),
        );
      return;
    }
    const key = req.headers["idempotency-key"];
    const earlier = typeof key === "string" ? byIdempotencyKey.get(key) : undefined;
    if (earlier) {
      res.writeHead(200).end(JSON.stringify({ id: earlier }));
      return;
    }
    sent.push(email);
    sentWith.push(req.headers.authorization!.slice("Bearer ".length));
    const id = randomUUID();
    ids.push(id);
    if (typeof key === "string") byIdempotencyKey.set(key, id);
    res.writeHead(200).end(JSON.stringify({ id }));
  });
  return {
    apiKey,
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    /** The id Resend answered for each email in `sent`, in the same order. */
    ids,
    sentWith,
    webhookSecret,
    /**
     * The POST Resend's webhook (Svix) makes to `url` for an email event: `svix-id`, `svix-timestamp` and
     * `svix-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` with `secret`'s key bytes.
     */
    webhookEvent(
      url: string,
      type: string,
      emailId: string,
      extra: Record<string, unknown> = {},
      secret = webhookSecret,
    ) {
      const body = JSON.stringify({
        type,
        created_at: new Date().toISOString(),
        data: { email_id: emailId, created_at: new Date().toISOString(), to: ["someone@example.test"], ...extra },
      });
      const id = `msg_${randomBytes(12).toString("hex")}`;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
      const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
      return new Request(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "svix-id": id,
          "svix-timestamp": timestamp,
          "svix-signature": `v1,${signature}`,
        },
        body,
      });
    },
    /** The first link in the newest email to this address. */
    linkSentTo(address: string): string | undefined {
      const email = [...sent].reverse().find((e) => (Array.isArray(e.to) ? e.to : [e.to]).includes(address));
      return email?.text?.match(/https?:\/\/\S+/)?.[0];
    },
    close,
  };
}
