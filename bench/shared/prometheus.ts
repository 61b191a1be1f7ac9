/**
 * Reads a process's Prometheus /metrics and sums every sample of each named metric (over its
 * labels: the workers count per partition). A metric absent from the page reads as null.
 */
export async function scrapeSums(url: string, names: readonly string[]): Promise<Record<string, number | null>> {
  const text = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
  const sums: Record<string, number | null> = Object.fromEntries(names.map((n) => [n, null]));
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    if (!(name in sums)) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(value)) sums[name] = (sums[name] ?? 0) + value;
  }
  return sums;
}
