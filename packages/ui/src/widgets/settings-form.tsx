"use client";
import { Button } from "../button.tsx";
import { SelectField, TextField } from "../field.tsx";
import { keyColor } from "./chart/series-palette.ts";
import { ColumnsEditor } from "./columns-editor.tsx";
import { ImageSettings } from "./image/image-settings.tsx";
import { OptionalRowText, RowDecimals, RowEditor, RowText } from "./row-editor.tsx";
import { Section, SMALL } from "./settings-section.tsx";
import type { SettingsField } from "./settings-problems.ts";
import type { DashboardState, DataSource, KeySettings, Threshold, WidgetConfig } from "./widget-config.ts";

export interface EntityOptions {
  devices: Array<{ id: string; name: string }>;
  deviceProfiles: Array<{ id: string; name: string }>;
  assets: Array<{ id: string; name: string }>;
}

type Patch = (patch: Partial<WidgetConfig>) => void;

function SourceFields({
  source,
  onChange,
  options,
  singleDevice,
}: {
  source: DataSource;
  onChange: (s: DataSource) => void;
  options: EntityOptions;
  singleDevice?: boolean;
}) {
  const kinds = [
    { value: "device", label: "One device" },
    ...(singleDevice
      ? []
      : [
          { value: "devicesOfProfile", label: "Devices of a profile" },
          { value: "devicesRelatedToAsset", label: "Devices related to an asset" },
        ]),
    { value: "entityFromState", label: "Entity the dashboard state was opened for" },
  ];
  const pick = (list: Array<{ id: string; name: string }>, what: string) => [
    { value: "", label: `Choose ${what}…` },
    ...list.map((e) => ({ value: e.id, label: e.name })),
  ];
  return (
    <Section title="Data source">
      <SelectField
        label="Source"
        value={source.type}
        options={kinds}
        onChange={(e) => {
          const type = e.target.value as DataSource["type"];
          onChange(
            type === "device"
              ? { type, deviceId: "" }
              : type === "devicesOfProfile"
                ? { type, deviceProfileId: "" }
                : type === "devicesRelatedToAsset"
                  ? { type, assetId: "" }
                  : { type },
          );
        }}
      />
      {source.type === "device" && (
        <SelectField
          label="Device"
          value={source.deviceId}
          options={pick(options.devices, "a device")}
          onChange={(e) => onChange({ ...source, deviceId: e.target.value })}
        />
      )}
      {source.type === "devicesOfProfile" && (
        <SelectField
          label="Device profile"
          value={source.deviceProfileId}
          options={pick(options.deviceProfiles, "a profile")}
          onChange={(e) => onChange({ ...source, deviceProfileId: e.target.value })}
        />
      )}
      {source.type === "devicesRelatedToAsset" && (
        <>
          <SelectField
            label="Asset"
            value={source.assetId}
            options={pick(options.assets, "an asset")}
            onChange={(e) => onChange({ ...source, assetId: e.target.value })}
          />
          <TextField
            label="Relation type"
            hint="Empty: any relation"
            value={source.relationType ?? ""}
            onChange={(e) => onChange({ ...source, relationType: e.target.value || undefined })}
          />
        </>
      )}
      {source.type === "entityFromState" && (
        <p className="text-xs text-slate-500">
          Shows the device whose map marker or table row opened this state (put the widget in a named state).
        </p>
      )}
    </Section>
  );
}

function KeysEditor({ keys, onChange }: { keys: KeySettings[]; onChange: (k: KeySettings[]) => void }) {
  return (
    <Section title="Keys">
      <RowEditor
        grid="grid grid-cols-[1fr_1fr_4rem_3.5rem_2.5rem_1.5rem] items-center gap-1"
        headings={["Key", "Label", "Unit", "Decimals", "Colour"]}
        rows={keys}
        onChange={onChange}
        noun="key"
        blank={{ key: "" }}
      >
        {(k, set, i) => (
          <>
            <RowText label="Key" value={k.key} onChange={(key) => set({ key })} />
            <OptionalRowText label="Label" value={k.label} onChange={(label) => set({ label })} />
            <OptionalRowText label="Unit" value={k.unit} onChange={(unit) => set({ unit })} />
            <RowDecimals label="Decimals" value={k.decimals} onChange={(decimals) => set({ decimals })} />
            <input
              aria-label="Colour"
              type="color"
              className="h-7 w-full"
              value={keyColor(k, i)}
              onChange={(e) => set({ color: e.target.value })}
            />
          </>
        )}
      </RowEditor>
    </Section>
  );
}

function ThresholdsEditor({ thresholds, onChange }: { thresholds: Threshold[]; onChange: (t: Threshold[]) => void }) {
  return (
    <Section title="Colour thresholds">
      {thresholds.map((t, i) => (
        <div key={i} className="flex items-center gap-2 text-sm">
          <span className="text-slate-500">from</span>
          <input
            aria-label="Threshold"
            type="number"
            className={SMALL}
            value={t.from}
            onChange={(e) => onChange(thresholds.map((x, j) => (j === i ? { ...x, from: Number(e.target.value) } : x)))}
          />
          <input
            aria-label="Threshold colour"
            type="color"
            className="h-7 w-10"
            value={t.color}
            onChange={(e) => onChange(thresholds.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)))}
          />
          <button
            type="button"
            aria-label="Remove threshold"
            className="text-slate-400 hover:text-red-600"
            onClick={() => onChange(thresholds.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <Button variant="secondary" onClick={() => onChange([...thresholds, { from: 0, color: "#dc2626" }])}>
        Add threshold
      </Button>
    </Section>
  );
}

/**
 * Edits a widget's settings. It works on the draft the dialog holds, so switching the source
 * type or closing a section never drops what was typed elsewhere.
 */
export function WidgetSettingsForm({
  value,
  onChange,
  options,
  states = [],
  problems = {},
}: {
  value: WidgetConfig;
  onChange: (w: WidgetConfig) => void;
  options: EntityOptions;
  /** The dashboard's named states, which map markers and table rows may open. */
  states?: Array<Pick<DashboardState, "id" | "name">>;
  /** What is wrong with the settings, by field (widgetSettingsProblems). */
  problems?: Partial<Record<SettingsField, string>>;
}) {
  const patch: Patch = (p) => onChange({ ...value, ...p } as WidgetConfig);
  return (
    <div className="max-h-[60vh] space-y-4 overflow-y-auto pr-1">
      <TextField label="Title" value={value.title} onChange={(e) => patch({ title: e.target.value })} />
      {"source" in value && (
        <SourceFields
          source={value.source}
          onChange={(source) => patch({ source })}
          options={options}
          singleDevice={value.kind === "rpc"}
        />
      )}
      {"keys" in value && <KeysEditor keys={value.keys} onChange={(keys) => patch({ keys })} />}
      {"thresholds" in value && (
        <ThresholdsEditor thresholds={value.thresholds} onChange={(thresholds) => patch({ thresholds })} />
      )}
      {value.kind === "timeseries" && (
        <SelectField
          label="Chart"
          value={value.chart}
          options={[
            { value: "line", label: "Line" },
            { value: "area", label: "Area" },
            { value: "bar", label: "Bar" },
          ]}
          onChange={(e) => patch({ chart: e.target.value as "line" })}
        />
      )}
      {value.kind === "gauge" && (
        <div className="grid grid-cols-2 gap-2">
          <TextField
            label="Minimum"
            type="number"
            value={value.min}
            onChange={(e) => patch({ min: Number(e.target.value) })}
          />
          <TextField
            label="Maximum"
            type="number"
            value={value.max}
            onChange={(e) => patch({ max: Number(e.target.value) })}
          />
        </div>
      )}
      {value.kind === "attributes" && (
        <SelectField
          label="Scope"
          value={value.scope}
          options={[
            { value: "CLIENT", label: "Client (reported by the device)" },
            { value: "SHARED", label: "Shared (pushed to the device)" },
            { value: "SERVER", label: "Server" },
          ]}
          onChange={(e) => patch({ scope: e.target.value as "SERVER" })}
        />
      )}
      {value.kind === "rpc" && (
        <Section title="Control">
          <SelectField
            label="Control"
            value={value.control}
            options={[
              { value: "button", label: "Button" },
              { value: "switch", label: "Switch" },
              { value: "slider", label: "Slider" },
            ]}
            onChange={(e) => patch({ control: e.target.value as "button" })}
          />
          <TextField label="RPC method" value={value.method} onChange={(e) => patch({ method: e.target.value })} />
          <TextField
            label="Params (JSON)"
            hint="{{value}} is replaced by the switch or slider value"
            value={value.params}
            onChange={(e) => patch({ params: e.target.value })}
          />
          {value.control === "slider" && (
            <div className="grid grid-cols-2 gap-2">
              <TextField
                label="Minimum"
                type="number"
                value={value.min ?? 0}
                onChange={(e) => patch({ min: Number(e.target.value) })}
              />
              <TextField
                label="Maximum"
                type="number"
                value={value.max ?? 100}
                onChange={(e) => patch({ max: Number(e.target.value) })}
              />
            </div>
          )}
        </Section>
      )}
      {value.kind === "map" && (
        <TextField
          label="Tile URL"
          hint="A {z}/{x}/{y} tile server template. Leave empty to draw no tiles (offline): markers show on a plain background."
          value={value.tileUrl}
          error={problems.tileUrl}
          onChange={(e) => patch({ tileUrl: e.target.value.trim() })}
        />
      )}
      {(value.kind === "map" || value.kind === "entitiesTable") && (
        <>
          <ColumnsEditor
            title={value.kind === "map" ? "Values shown when a marker is clicked" : "Columns"}
            columns={value.columns}
            error={problems.columns}
            onChange={(columns) => patch({ columns })}
          />
          <SelectField
            label="Clicking a device opens"
            hint={states.length ? undefined : "Add a dashboard state (Edit → Add state) to open a device's details."}
            value={value.detailStateId ?? ""}
            options={[{ value: "", label: "Nothing" }, ...states.map((s) => ({ value: s.id, label: s.name }))]}
            onChange={(e) => patch({ detailStateId: e.target.value || undefined })}
          />
        </>
      )}
      {value.kind === "image" && (
        <ImageSettings
          imageUrl={value.imageUrl}
          markers={value.markers}
          problems={problems}
          onChange={(p) => patch(p)}
        />
      )}
      {value.kind === "markdown" && (
        <label className="block space-y-1 text-sm font-medium text-slate-700">
          <span>Text (markdown)</span>
          <textarea
            className="block h-40 w-full rounded-md px-3 py-1.5 font-mono text-sm ring-1 ring-inset ring-slate-300"
            value={value.text}
            onChange={(e) => patch({ text: e.target.value })}
          />
        </label>
      )}
    </div>
  );
}
