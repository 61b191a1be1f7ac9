import { Fragment, type ReactNode } from "react";

/**
 * A small markdown subset (headings, paragraphs, lists, **bold**, *italic*, `code`, [links](url))
 * rendered as React elements: no HTML is ever injected, so a shared or public dashboard cannot
 * carry a script in its text. Links must be http(s) or relative.
 */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const token = match[0];
    if (match.index > last) out.push(text.slice(last, match.index));
    const key = `${match.index}`;
    if (token.startsWith("**")) out.push(<strong key={key}>{token.slice(2, -2)}</strong>);
    else if (token.startsWith("`"))
      out.push(
        <code key={key} className="rounded bg-slate-100 px-1">
          {token.slice(1, -1)}
        </code>,
      );
    else if (token.startsWith("[")) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token) ?? [];
      const safe = href && /^(https?:\/\/|\/)/.test(href);
      out.push(
        safe ? (
          <a key={key} href={href} className="text-blue-600 underline" target="_blank" rel="noreferrer">
            {label}
          </a>
        ) : (
          label
        ),
      );
    } else out.push(<em key={key}>{token.slice(1, -1)}</em>);
    last = match.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      const size = ["text-lg", "text-base", "text-sm"][heading[1]!.length - 1];
      blocks.push(
        <p key={i} className={`${size} font-semibold text-slate-800`}>
          {inline(heading[2]!)}
        </p>,
      );
      continue;
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items: ReactNode[] = [];
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i]!))
        items.push(<li key={i}>{inline(lines[i++]!.replace(/^\s*[-*]\s+/, ""))}</li>);
      i--;
      blocks.push(
        <ul key={`ul${i}`} className="list-disc pl-5">
          {items}
        </ul>,
      );
      continue;
    }
    blocks.push(<p key={i}>{inline(line)}</p>);
  }
  return <Fragment>{blocks}</Fragment>;
}
