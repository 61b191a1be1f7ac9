import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serveOnLoopback } from "./loopback-server.ts";

export interface SlackPost {
  /** The channel's id (names are turned into ids, as Slack does). */
  channel: string;
  /** The channel as the caller named it. */
  requested: string;
  text: string;
  ts: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface SlackServerOptions {
  botToken?: string;
  /** Held before answering a post, so a test can stop a worker while messages are in flight. */
  delayMs?: number;
}

/** `#alerts` → a stable channel id (C + 10 characters); an id stays itself. */
const channelId = (name: string) =>
  /^[CGD][A-Z0-9]{6,20}$/.test(name)
    ? name
    : `C${createHash("sha1").update(name.replace(/^#/, "")).digest("hex").slice(0, 10).toUpperCase()}`;

/**
 * A local HTTP server that speaks the part of Slack's Web API notifications use: `chat.postMessage`
 * (channel, text, message metadata) and `conversations.history` (with `oldest` and
 * `include_all_metadata`), bearer token auth, Slack's `{ok, error}` answers. Tests run the real
 * `@slack/web-api` WebClient against it (`slackApiUrl`).
 */
export async function startSlackServer(options: SlackServerOptions = {}) {
  const botToken = options.botToken ?? `xoxb-${randomBytes(12).toString("hex")}`;
  const posts: SlackPost[] = [];
  /** Errors to answer the next posts with (`channel_not_found`, `ratelimited`, an HTTP 500 as `http_500`). */
  const failures: string[] = [];
  let delayMs = options.delayMs ?? 0;
  let clock = Math.floor(Date.now() / 1000) * 1_000_000;

  const answer = (res: ServerResponse, body: Record<string, unknown>, status = 200) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://slack.test");
    const args: Record<string, string> = Object.fromEntries(
      (req.headers["content-type"] ?? "").includes("json")
        ? Object.entries(JSON.parse(raw || "{}") as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === "string" ? v : JSON.stringify(v),
          ])
        : new URLSearchParams(raw),
    );
    if (req.headers.authorization !== `Bearer ${botToken}`) return answer(res, { ok: false, error: "invalid_auth" });
    const method = url.pathname.replace(/^\/api\//, "");
    if (method === "chat.postMessage") {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const failure = failures.shift();
      if (failure === "http_500") return answer(res, { ok: false, error: "internal_error" }, 500);
      if (failure) return answer(res, { ok: false, error: failure });
      if (!args.channel) return answer(res, { ok: false, error: "channel_not_found" });
      if (!args.text && !args.blocks) return answer(res, { ok: false, error: "no_text" });
      clock = Math.max(clock + 100, Math.floor(Date.now() / 1000) * 1_000_000);
      const ts = `${Math.floor(clock / 1_000_000)}.${String(clock % 1_000_000).padStart(6, "0")}`;
      const post: SlackPost = {
        channel: channelId(args.channel),
        requested: args.channel,
        text: args.text ?? "",
        ts,
        ...(args.metadata ? { metadata: JSON.parse(args.metadata) as SlackPost["metadata"] } : {}),
      };
      posts.push(post);
      return answer(res, { ok: true, channel: post.channel, ts, message: { type: "message", text: post.text, ts } });
    }
    if (method === "conversations.history") {
      const channel = channelId(args.channel ?? "");
      const oldest = Number(args.oldest ?? 0);
      const withMetadata = args.include_all_metadata === "true";
      const messages = posts
        .filter((p) => p.channel === channel && Number(p.ts) >= oldest)
        .reverse()
        .map((p) => ({
          type: "message",
          text: p.text,
          ts: p.ts,
          ...(withMetadata && p.metadata ? { metadata: p.metadata } : {}),
        }));
      return answer(res, { ok: true, messages, has_more: false });
    }
    return answer(res, { ok: false, error: "unknown_method" }, 404);
  }

  const { port, close } = await serveOnLoopback(handle);
  return {
    botToken,
    /** What WebClient takes as `slackApiUrl`. */
    apiUrl: `http://127.0.0.1:${port}/api/`,
    posts,
    channelId,
    /** The next post answers this Slack error (or `http_500`) instead; queued. */
    failNext(error: string) {
      failures.push(error);
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
    close,
  };
}

export type SlackServer = Awaited<ReturnType<typeof startSlackServer>>;
