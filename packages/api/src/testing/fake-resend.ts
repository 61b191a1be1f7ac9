import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

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
 * so tests run the real `resend` SDK against it (RESEND_BASE_URL / `baseUrl`).
 */
export async function startResendServer(apiKey = "re_test_key") {
  const sent: SentEmail[] = [];
  // Resend answers a repeated Idempotency-Key with the first email's id and sends nothing again.
  const byIdempotencyKey = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
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
      const id = `email_${sent.length}`;
      if (typeof key === "string") byIdempotencyKey.set(key, id);
      res.writeHead(200).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiKey,
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    /** The first link in the newest email to this address. */
    linkSentTo(address: string): string | undefined {
      const email = [...sent].reverse().find((e) => (Array.isArray(e.to) ? e.to : [e.to]).includes(address));
      return email?.text?.match(/https?:\/\/\S+/)?.[0];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
