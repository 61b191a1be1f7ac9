"use client";
import { useState } from "react";
import { Button } from "../../button.tsx";
import { TextField } from "../../field.tsx";
import { ImageMarkerBadge } from "../image-widget.tsx";
import { OptionalRowText, RowEditor, RowNumber, RowText } from "../row-editor.tsx";
import { Section } from "../settings-section.tsx";
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
  const place = (x: number, y: number) =>
    onChange({ markers: markers.map((m, j) => (j === chosen ? { ...m, x, y } : m)) });
  const percent = (v: string) => Math.min(100, Math.max(0, Number(v) || 0));
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
          <ImageBox url={imageUrl} onPick={markers.length ? place : undefined}>
            {markers.map((m, i) => (
              <ImageMarkerBadge key={i} marker={m} index={i} value={undefined} selected={i === chosen} />
            ))}
          </ImageBox>
        </div>
        <RowEditor
          grid="grid grid-cols-[1.25rem_1fr_1fr_3rem_4rem_4rem_1.25rem] items-center gap-1"
          headings={["", "Key", "Label", "Unit", "X %", "Y %"]}
          rows={markers}
          onChange={(rows) => onChange({ markers: rows })}
          noun="marker"
          blank={{ key: "", x: 50, y: 50 }}
          error={problems.markers}
          onAdded={setChosen}
          onRemoved={() => setChosen(0)}
        >
          {(m, set, i) => (
            <>
              <input
                type="radio"
                name="image-marker"
                aria-label={`Place marker ${i + 1}`}
                checked={i === chosen}
                onChange={() => setChosen(i)}
              />
              <RowText label="Marker key" value={m.key} onChange={(key) => set({ key })} />
              <OptionalRowText label="Marker label" value={m.label} onChange={(label) => set({ label })} />
              <OptionalRowText label="Marker unit" value={m.unit} onChange={(unit) => set({ unit })} />
              <RowNumber label="Marker x" min={0} max={100} value={m.x} onChange={(x) => set({ x: percent(x) })} />
              <RowNumber label="Marker y" min={0} max={100} value={m.y} onChange={(y) => set({ y: percent(y) })} />
            </>
          )}
        </RowEditor>
      </Section>
    </>
  );
}
