const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/**
 * A wait in the words a person reads ("in 32 minutes", "in 45 seconds") rather than "1914 s": the
 * largest unit the wait fills, rounded, through the platform's own relative-time formatter. The
 * exact seconds still travel in `retryAfterSeconds` and the Retry-After header for programs.
 */
export function waitInWords(seconds: number): string {
  for (const [unit, size] of UNITS)
    if (seconds >= size * 1.5 || (unit === "minute" && seconds >= 60))
      return relative.format(Math.round(seconds / size), unit);
  return relative.format(Math.max(1, Math.ceil(seconds)), "second");
}
