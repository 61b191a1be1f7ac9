import { readRuleEngineEntry } from "@industryos/device-protocol";

/** One message of a rule-engine entry: its JSON text as it stood in `msgs`, and what it decodes to. */
export type EntryMessage = { raw: string; decoded: unknown } | { raw: string; error: string };

/** The top-level elements of a JSON array's text, each as its own text (the array is already known to parse). */
function splitArray(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (depth === 1 && start < 0) start = i;
      depth++;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0 && start >= 0) items.push(text.slice(start, i).trim());
    } else if (c === 0x2c && depth === 1) {
      if (start >= 0) items.push(text.slice(start, i).trim());
      start = -1;
      continue;
    }
    if (depth === 1 && start < 0 && c > 0x20 && c !== 0x5b && c !== 0x2c) start = i;
  }
  return items.filter((item) => item.length > 0);
}

/**
 * The messages of one entry (XREADGROUP's field list), each decoded on its own by device-protocol's
 * reader (`readRuleEngineEntry`: telemetry and attributes parsed from the device's JSON as ingest
 * stored it), so one undecodable message is dead-lettered without holding up the others, and the
 * dead letter keeps its exact text for a replay. Throws only when the entry itself is unreadable.
 */
export function entryMessages(fields: string[]): EntryMessage[] {
  const at = fields.indexOf("msgs");
  if (at < 0 || at + 1 >= fields.length) throw new Error("rule-engine entry without a msgs field");
  const text = fields[at + 1]!;
  let decoded: unknown[] | undefined;
  try {
    decoded = readRuleEngineEntry(fields);
  } catch {
    // Some message does not decode: find which, one by one (below).
  }
  if (decoded) {
    // The common case: the whole entry decoded at once. A message's text is needed only for its
    // dead letter, so the entry is split into texts only then (splitting every entry cost ~2% of
    // the rule engine's CPU); should the split disagree with the decoding, the message's element
    // of the array is written out again instead.
    let raws: string[] | undefined;
    const all = decoded;
    const rawOf = (i: number) => {
      raws ??= splitArray(text);
      return raws.length === all.length ? raws[i]! : JSON.stringify((JSON.parse(text) as unknown[])[i]);
    };
    return all.map((message, i) => ({
      decoded: message,
      get raw() {
        return rawOf(i);
      },
    }));
  }
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error("rule-engine entry msgs is not an array");
  return splitArray(text).map((raw) => {
    try {
      return { raw, decoded: readRuleEngineEntry(["msgs", `[${raw}]`])[0] };
    } catch (error) {
      return { raw, error: `undecodable message: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
}
