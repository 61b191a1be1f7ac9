import { MAX_IMAGE_URL_LENGTH } from "../widget-config.ts";

/** Longest side an uploaded background keeps: plenty for a dashboard tile, small enough to store in the dashboard. */
const MAX_SIDE_PX = 1600;

/**
 * An uploaded picture as a data URL the dashboard can keep (so it shows offline, with no file
 * server): scaled down to at most 1600 px a side and re-encoded as WebP, then JPEG at lower
 * quality while it is still over the dashboard's limit. Rejects with words when it cannot fit.
 */
export async function uploadedImageUrl(file: File): Promise<string> {
  if (!file.type.startsWith("image/")) throw new Error("Choose an image file (PNG, JPEG, WebP, GIF or SVG).");
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new Error("This image could not be read.");
  });
  const scale = Math.min(1, MAX_SIDE_PX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const [type, quality] of [
    ["image/webp", 0.85],
    ["image/jpeg", 0.75],
    ["image/jpeg", 0.5],
  ] as const) {
    const url = canvas.toDataURL(type, quality);
    if (url.length <= MAX_IMAGE_URL_LENGTH) return url;
  }
  throw new Error("This image is too detailed to keep in the dashboard: upload a smaller one or give its URL.");
}
