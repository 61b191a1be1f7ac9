"use client";
import { useState } from "react";
import { Button } from "../../button.tsx";
import { TextField } from "../../field.tsx";
import { ImageMarkerBadge } from "../image-widget.tsx";
import { Section, SMALL } from "../settings-section.tsx";
import type { ImageMarker } from "../widget-config.ts";
import { ImageBox } from "./image-box.tsx";
import { uploadedImageUrl } from "./uploaded-image.ts";

/** The image widget's background (a URL or an upload) and its markers; a click on the preview places the chosen marker. */
export function ImageSettings({
  imageUrl,
  markers,
  onChange,
  problems,
}: {
  imageUrl: string;
  markers: ImageMarker[];
  onChange: (patch: { imageUrl?: string; markers?: ImageMarker[] }) => void;
  problems: { imageUrl?: string; markers?: string };
}) {
  const [chosen, setChosen] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const uploaded = imageUrl.startsWith("data:");
  const set = (i: number, patch: Partial<ImageMarker>) =>
    onChange({ markers: markers.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const percent = (v: string) => Math.min(100, Math.max(0, Number(v) || 0));
  const grid = "grid grid-cols-[1.25rem_1fr_1fr_3rem_4rem_4rem_1.25rem] items-center gap-1";
  return (
    <>
      <Section title="Background image">
        <TextField
          label="Image URL"
          hint="An https:// address of a picture, or upload one (kept in the dashboard, so it shows offline)."
          value={uploaded ? "" : imageUrl}
          placeholder={uploaded ? "Uploaded image" : "https://…"}
          error={problems.imageUrl}
          onChange={(e) => onChange({ imageUrl: e.target.value.trim() })}
        />
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="cursor-pointer rounded-md bg-white px-3 py-1.5 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Upload image
            <input
              type="file"
              accept="image/*"
              className="sr-only"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (!file) return;
                setUploadError(null);
                uploadedImageUrl(file).then(
                  (url) => onChange({ imageUrl: url }),
                  (error: unknown) => setUploadError(error instanceof Error ? error.message : String(error)),
                );
              }}
            />
          </label>
          {imageUrl && (
            <Button variant="secondary" onClick={() => onChange({ imageUrl: "" })}>
              Remove image
            </Button>
          )}
        </div>
        {uploadError && <p className="text-xs text-red-600">{uploadError}</p>}
      </Section>
      <Section title="Markers">
        <p className="text-xs text-slate-500">
          Each marker shows a key&apos;s latest value. Choose a marker, then click the picture where it belongs.
        </p>
        <div className="h-48" data-image-preview>
          <ImageBox url={imageUrl} onPick={markers.length ? (x, y) => set(chosen, { x, y }) : undefined}>
            {markers.map((m, i) => (
              <ImageMarkerBadge key={i} marker={m} index={i} value={undefined} selected={i === chosen} />
            ))}
          </ImageBox>
        </div>
        <div className={`${grid} text-xs text-slate-500`}>
          <span />
          <span>Key</span>
          <span>Label</span>
          <span>Unit</span>
          <span>X %</span>
          <span>Y %</span>
          <span />
        </div>
        {markers.map((m, i) => (
          <div key={i} className={grid}>
            <input
              type="radio"
              name="image-marker"
              aria-label={`Place marker ${i + 1}`}
              checked={i === chosen}
              onChange={() => setChosen(i)}
            />
            <input
              aria-label="Marker key"
              className={SMALL}
              value={m.key}
              onChange={(e) => set(i, { key: e.target.value })}
            />
            <input
              aria-label="Marker label"
              className={SMALL}
              value={m.label ?? ""}
              onChange={(e) => set(i, { label: e.target.value || undefined })}
            />
            <input
              aria-label="Marker unit"
              className={SMALL}
              value={m.unit ?? ""}
              onChange={(e) => set(i, { unit: e.target.value || undefined })}
            />
            <input
              aria-label="Marker x"
              className={SMALL}
              type="number"
              min={0}
              max={100}
              value={m.x}
              onChange={(e) => set(i, { x: percent(e.target.value) })}
            />
            <input
              aria-label="Marker y"
              className={SMALL}
              type="number"
              min={0}
              max={100}
              value={m.y}
              onChange={(e) => set(i, { y: percent(e.target.value) })}
            />
            <button
              type="button"
              aria-label="Remove marker"
              className="text-slate-400 hover:text-red-600"
              onClick={() => {
                onChange({ markers: markers.filter((_, j) => j !== i) });
                setChosen(0);
              }}
            >
              ×
            </button>
          </div>
        ))}
        {problems.markers && <p className="text-xs text-red-600">{problems.markers}</p>}
        <Button
          variant="secondary"
          onClick={() => {
            onChange({ markers: [...markers, { key: "", x: 50, y: 50 }] });
            setChosen(markers.length);
          }}
        >
          Add marker
        </Button>
      </Section>
    </>
  );
}
