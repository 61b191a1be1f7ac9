/**
 * Keys as PostgreSQL's jsonb keeps them: shorter first, then by their UTF-8 bytes (what jsonb's
 * own comparison of keys does).
 */
function jsonbKeyOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length - y.length || Buffer.compare(x, y);
}

/** The value with NUL characters replaced (jsonb cannot hold them) and object keys in jsonb's order. */
function canonical(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(jsonbKeyOrder))
      out[key.replaceAll("\u0000", "\uFFFD")] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * A delivery's payload as stored (`WebhookDelivery.payload`, jsonb) and its body's exact text.
 * The first attempt posts `text` before the row is read back; a retry posts
 * `JSON.stringify(payload as read from jsonb)`. Both are the same bytes because the payload is put
 * in jsonb's own key order first, so a retry's body, and its signature's input, are what the first
 * attempt sent.
 */
export function webhookPayload(body: unknown): { payload: unknown; text: string } {
  const payload = canonical(body);
  return { payload, text: JSON.stringify(payload) };
}
