/**
 * The one source of a series' colour: the settings' swatch and the drawn line both ask here, so
 * a key without a chosen colour shows the colour it is really drawn in.
 */
export const SERIES_PALETTE = [
  "#2563eb",
  "#16a34a",
  "#dc2626",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#4d7c0f",
  "#be185d",
] as const;

/** The colour of the key at `index` in the widget's key list: its own, else the palette's. */
export function keyColor(key: { color?: string }, index: number): string {
  return key.color ?? SERIES_PALETTE[index % SERIES_PALETTE.length]!;
}

/**
 * Several entities share each key's colour (the swatch stays true); the second and later entities
 * are told apart by the line's dash pattern instead.
 */
export function entityDash(entityIndex: number): string | undefined {
  const DASHES = [undefined, "6 3", "2 2", "8 3 2 3"];
  return DASHES[entityIndex % DASHES.length];
}
