"use client";
import { useState, type ReactNode } from "react";

/**
 * The background image at its own aspect ratio, as large as the space allows, with `children`
 * (markers in percentages of the image) laid over exactly the image. No image, or one that does
 * not load (an offline plant, a URL gone): a plain panel of the same kind, so markers still show.
 */
export function ImageBox({
  url,
  children,
  onPick,
}: {
  url: string;
  children: ReactNode;
  /** Told where the image was clicked, in percent of its width and height. */
  onPick?: (x: number, y: number) => void;
}) {
  const [loaded, setLoaded] = useState<{ url: string; ratio: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const ratio = loaded?.url === url ? loaded.ratio : 16 / 9;
  const broken = !url || failed === url;
  return (
    // A size container: the box below takes the largest size of its ratio that fits (cq units).
    <div className="relative h-full w-full [container-type:size]">
      <div
        className="relative mx-auto overflow-hidden rounded bg-slate-100"
        style={{ width: `min(100cqw, ${100 * ratio}cqh)`, height: `min(100cqh, ${100 / ratio}cqw)` }}
        onClick={
          onPick &&
          ((e) => {
            const box = e.currentTarget.getBoundingClientRect();
            const round = (v: number) => Math.round(Math.min(100, Math.max(0, v)) * 10) / 10;
            onPick(
              round(((e.clientX - box.left) / box.width) * 100),
              round(((e.clientY - box.top) / box.height) * 100),
            );
          })
        }
      >
        {!broken && (
          <img
            src={url}
            alt=""
            className="absolute inset-0 h-full w-full object-fill"
            onLoad={(e) =>
              setLoaded({ url, ratio: e.currentTarget.naturalWidth / Math.max(1, e.currentTarget.naturalHeight) })
            }
            onError={() => setFailed(url)}
          />
        )}
        {broken && (
          <p className="absolute inset-x-0 bottom-1 text-center text-xs text-slate-400" data-image-missing>
            {url ? "The image could not be loaded; values are shown without it." : "No background image chosen."}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
