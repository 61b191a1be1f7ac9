/** One link of a CoRE link-format document (RFC 6690): `</3/0>;ver=1.1` → `{ path: "/3/0", attributes: { ver: "1.1" } }`. */
export interface Link {
  path: string;
  attributes: Record<string, string | true>;
}

/** Splits on `sep` outside double quotes (attribute values may hold commas and semicolons). */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === sep && !quoted) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** Parses a link-format payload; throws on a link without `<...>`. */
export function parseLinkFormat(payload: string): Link[] {
  if (payload.trim() === "") return [];
  return splitOutsideQuotes(payload, ",").map((raw) => {
    const [target, ...params] = splitOutsideQuotes(raw.trim(), ";");
    const match = /^<([^>]*)>$/.exec(target!.trim());
    if (!match) throw new Error(`not a CoRE link: ${raw.trim().slice(0, 60)}`);
    const attributes: Record<string, string | true> = {};
    for (const param of params) {
      const eq = param.indexOf("=");
      if (eq < 0) attributes[param.trim()] = true;
      else
        attributes[param.slice(0, eq).trim()] = param
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, "$1");
    }
    return { path: match[1]!, attributes };
  });
}
