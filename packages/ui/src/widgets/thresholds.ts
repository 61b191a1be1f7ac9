import type { Threshold } from "./widget-config.ts";

/** The colour of the highest threshold the value reaches, or `fallback`. */
export function thresholdColor(value: unknown, thresholds: readonly Threshold[], fallback = "#0f172a"): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return fallback;
  let color = fallback;
  let best = -Infinity;
  for (const t of thresholds) {
    if (value >= t.from && t.from >= best) {
      best = t.from;
      color = t.color;
    }
  }
  return color;
}

/** Shows a value with the key's decimals and unit ("21.5 °C"); non-numbers as text. */
export function formatKeyValue(value: unknown, settings: { decimals?: number; unit?: string }): string {
  if (value === undefined || value === null) return "—";
  const text =
    typeof value === "number"
      ? value.toLocaleString(
          "en-US",
          settings.decimals === undefined
            ? { maximumFractionDigits: 3 }
            : { minimumFractionDigits: settings.decimals, maximumFractionDigits: settings.decimals },
        )
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return settings.unit ? `${text} ${settings.unit}` : text;
}
