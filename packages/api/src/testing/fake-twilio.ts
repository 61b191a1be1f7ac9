import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serveOnLoopback } from "./loopback-server.ts";

export interface SentSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  dateCreated: Date;
  /** The StatusCallback URL the send asked for, if any. */
  statusCallback: string | null;
}

export interface TwilioServerOptions {
  accountSid?: string;
  authToken?: string;
  /** Held before answering a send, so a test can stop a worker while messages are in flight. */
  delayMs?: number;
}

/** Twilio's error body: HTTP status, its numeric code and message (what the SDK's RestException reads). */
const twilioError = (res: ServerResponse, status: number, code: number, message: string) =>
  res
    .writeHead(status, { "content-type": "application/json" })
    .end(JSON.stringify({ status, code, message, more_info: `https://www.twilio.com/docs/errors/${code}` }));

const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * A local HTTP server that speaks the part of Twilio's REST API notifications use: `POST
 * /2010-04-01/Accounts/{sid}/Messages.json` (form fields To, From, Body; HTTP basic auth with the
 * account SID and auth token) and the list of messages with `To`, `From` and `DateSent>` filters.
 * Tests run the real `twilio` SDK against it through a request client that swaps the host.
 */
export async function startTwilioServer(options: TwilioServerOptions = {}) {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const sent: SentSms[] = [];
  /** Statuses to answer the next sends with instead of sending (a 500 to retry, a 400 that will not pass). */
  const failures: { status: number; code: number; message: string }[] = [];
  let delayMs = options.delayMs ?? 0;

  const view = (m: SentSms) => ({
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    status: "queued",
    num_segments: String(Math.ceil(m.body.length / 160)),
    direction: "outbound-api",
    date_created: m.dateCreated.toUTCString(),
    date_updated: m.dateCreated.toUTCString(),
    date_sent: m.dateCreated.toUTCString(),
    error_code: null,
    error_message: null,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  });

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const url = new URL(req.url ?? "/", "http://twilio.test");
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (req.headers.authorization !== expected) return twilioError(res, 401, 20003, "Authenticate");
    if (url.pathname !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
    if (req.method === "GET") {
      const to = url.searchParams.get("To");
      const from = url.searchParams.get("From");
      const after = url.searchParams.get("DateSent>");
      const messages = sent.filter(
        (m) =>
          (!to || m.to === to) &&
          (!from || m.from === from) &&
          (!after || m.dateCreated.getTime() >= Date.parse(after)),
      );
      return res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          messages: [...messages].reverse().map(view),
          page: 0,
          page_size: messages.length,
          next_page_uri: null,
          uri: url.pathname,
        }),
      );
    }
    if (req.method !== "POST") return twilioError(res, 405, 20004, "Method not allowed");
    const form = new URLSearchParams(body);
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? form.get("MessagingServiceSid") ?? "";
    const text = form.get("Body") ?? "";
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = failures.shift();
    if (failure) return twilioError(res, failure.status, failure.code, failure.message);
    if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(res, 400, 21603, "The 'From' phone number is required.");
    if (!text) return twilioError(res, 400, 21602, "Message body is required.");
    const message: SentSms = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      accountSid,
      to,
      from,
      body: text,
      dateCreated: new Date(),
      statusCallback: form.get("StatusCallback"),
    };
    sent.push(message);
    res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(view(message)));
  }

  const { port, close } = await serveOnLoopback(handle);
  return {
    accountSid,
    authToken,
    /** Where the SDK's requests to https://api.twilio.com go instead. */
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    /**
     * The POST Twilio makes to a message's StatusCallback when its status changes: form fields, signed in
     * `X-Twilio-Signature` with the account's auth token over the URL and the sorted fields (the SDK's own signer).
     */
    statusReport(sid: string, status: string, error?: { code: number; message: string }, token = authToken) {
      const message = sent.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`message ${sid} asked for no status callback`);
      const params: Record<string, string> = {
        AccountSid: accountSid,
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        To: message.to,
        From: message.from,
        ApiVersion: "2010-04-01",
        ...(error ? { ErrorCode: String(error.code), ErrorMessage: error.message } : {}),
      };
      return new Request(message.statusCallback, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(token, message.statusCallback, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    },
    /** The next send answers this error instead (queued: several calls queue several failures). */
    failNext(status: number, code: number, message: string) {
      failures.push({ status, code, message });
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    close,
  };
}

export type TwilioServer = Awaited<ReturnType<typeof startTwilioServer>>;
