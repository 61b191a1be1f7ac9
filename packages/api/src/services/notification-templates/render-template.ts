import type { ChannelText, NotificationChannel, TemplateChannels } from "./schemas.ts";

/** `${name}` or `${a.b.c}`: letters, digits, `_`, `-` and dots. */
const PLACEHOLDER = /\$\{\s*([\w-]+(?:\.[\w-]+)*)\s*\}/g;

/** The value at a dotted path (`data.temperature`), or undefined. */
function lookup(fields: Record<string, unknown>, path: string): unknown {
  // A flat key with dots (`metadata` copied as `ss_threshold.max`) wins over descending into objects.
  if (path in fields) return fields[path];
  let value: unknown = fields;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asText = (value: unknown) =>
  typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);

export interface RenderedText {
  text: string;
  /** Placeholders the event had no value for (left empty in `text`). */
  missing: string[];
}

/** Fills a text's placeholders from the event's fields; an unknown placeholder becomes empty. */
export function renderText(template: string, fields: Record<string, unknown>): RenderedText {
  const missing = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_whole, path: string) => {
    const value = lookup(fields, path);
    if (value === undefined || value === null) {
      missing.add(path);
      return "";
    }
    return asText(value);
  });
  return { text, missing: [...missing] };
}

export type RenderedChannels = Partial<Record<NotificationChannel, ChannelText>>;

/** Every channel's subject and body filled in; `missing` lists the placeholders with no value (once each). */
export function renderChannels(
  channels: TemplateChannels,
  fields: Record<string, unknown>,
): { channels: RenderedChannels; missing: string[] } {
  const missing = new Set<string>();
  const fill = (text: string) => {
    const rendered = renderText(text, fields);
    rendered.missing.forEach((m) => missing.add(m));
    return rendered.text;
  };
  const out: RenderedChannels = {};
  for (const [channel, content] of Object.entries(channels) as [NotificationChannel, ChannelText | undefined][]) {
    if (!content) continue;
    out[channel] = {
      ...(content.subject !== undefined ? { subject: fill(content.subject) } : {}),
      body: fill(content.body),
    };
  }
  return { channels: out, missing: [...missing] };
}
