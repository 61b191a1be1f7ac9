"use client";
import { SelectField, TextField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormDialog, type FormDialogProps } from "../form-dialog.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { LAYOUT_LABELS, WEEKDAYS } from "./report-wording.ts";

/** What the form edits; the API's create and update bodies are built from it. */
export interface ReportFormValues {
  name: string;
  dashboardId: string;
  layout: "PER_WIDGET" | "PER_DEVICE";
  frequency: "DAILY" | "WEEKLY";
  dayOfWeek: number | null;
  timeOfDay: string;
  timeZone: string;
  rangeHours: number;
  recipients: string[];
  enabled: boolean;
}

const FIELDS = [
  "name",
  "dashboardId",
  "layout",
  "frequency",
  "dayOfWeek",
  "timeOfDay",
  "timeZone",
  "rangeHours",
  "recipients",
];

/** The browser's own zone is the likely one; the list offers every IANA name the browser knows. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const knownZones = () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);

export const newReportValues = (): ReportFormValues => ({
  name: "",
  dashboardId: "",
  layout: "PER_WIDGET",
  frequency: "DAILY",
  dayOfWeek: 1,
  timeOfDay: "07:00",
  timeZone: browserZone(),
  rangeHours: 24,
  recipients: [],
  enabled: true,
});

/** Create or edit a report schedule in a dialog; the API's field errors show beside their fields. */
export function ReportFormDialog({ initial, error, ...dialog }: FormDialogProps<ReportFormValues>) {
  const trpc = useTRPC();
  const dashboards = useQuery({
    ...trpc.dashboards.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: dialog.open,
  });
  const [frequency, setFrequency] = useState(initial.frequency);
  const errors = fieldErrorsOf(error);

  const read = (form: FormData): ReportFormValues => {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    return {
      name: text("name"),
      dashboardId: text("dashboardId"),
      layout: text("layout") as ReportFormValues["layout"],
      frequency,
      dayOfWeek: frequency === "WEEKLY" ? Number(text("dayOfWeek")) : null,
      timeOfDay: text("timeOfDay"),
      timeZone: text("timeZone"),
      rangeHours: Number(text("rangeHours")),
      recipients: text("recipients")
        .split(/[\s,;]+/)
        .filter(Boolean),
      enabled: form.get("enabled") === "on",
    };
  };

  const dashboardOptions = (dashboards.data?.data ?? []).map((d) => ({ value: d.id, label: d.title }));
  return (
    <FormDialog {...dialog} error={error} fields={FIELDS} read={read}>
      <TextField
        label="Name"
        name="name"
        required
        defaultValue={initial.name}
        error={errors.name}
        placeholder="Daily plant report"
      />
      <div className="space-y-1">
        <SelectField
          label="Dashboard"
          name="dashboardId"
          defaultValue={initial.dashboardId}
          disabled={dashboards.isPending}
          options={[
            { value: "", label: dashboards.isPending ? "Loading dashboards…" : "Choose a dashboard" },
            ...dashboardOptions,
          ]}
          hint={
            dashboards.isError
              ? "The dashboards could not be loaded; close and try again."
              : "Its widgets' data goes into the CSVs."
          }
        />
        {errors.dashboardId && <p className="text-xs text-red-600">{errors.dashboardId}</p>}
      </div>
      <SelectField
        label="Files"
        name="layout"
        defaultValue={initial.layout}
        options={Object.entries(LAYOUT_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Sent"
          name="frequency"
          value={frequency}
          onChange={(e) => setFrequency(e.target.value as ReportFormValues["frequency"])}
          options={[
            { value: "DAILY", label: "Every day" },
            { value: "WEEKLY", label: "Every week" },
          ]}
        />
        {frequency === "WEEKLY" && (
          <div className="space-y-1">
            <SelectField
              label="On"
              name="dayOfWeek"
              defaultValue={String(initial.dayOfWeek ?? 1)}
              options={WEEKDAYS.map((day, i) => ({ value: String(i), label: day }))}
            />
            {errors.dayOfWeek && <p className="text-xs text-red-600">{errors.dayOfWeek}</p>}
          </div>
        )}
        <TextField
          label="At"
          name="timeOfDay"
          type="time"
          required
          defaultValue={initial.timeOfDay}
          error={errors.timeOfDay}
        />
        <div className="sm:col-span-2">
          <TextField
            label="Time zone"
            name="timeZone"
            required
            list="report-time-zones"
            defaultValue={initial.timeZone}
            error={errors.timeZone}
            hint="The time above is in this zone, daylight saving included."
          />
          <datalist id="report-time-zones">
            {knownZones().map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
      </div>
      <TextField
        label="Hours of data"
        name="rangeHours"
        type="number"
        min={1}
        max={744}
        required
        defaultValue={String(initial.rangeHours)}
        error={errors.rangeHours}
        hint="Each report covers this many hours up to its run time (24 = the last day)."
      />
      <div className="space-y-1">
        <label htmlFor="report-recipients" className="block text-sm font-medium text-slate-700">
          Recipients
        </label>
        <textarea
          id="report-recipients"
          name="recipients"
          rows={2}
          defaultValue={initial.recipients.join(", ")}
          placeholder="ops@example.com, lead@example.com"
          className="block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
        />
        {errors.recipients ? (
          <p className="text-xs text-red-600">{errors.recipients}</p>
        ) : (
          <p className="text-xs text-slate-500">Email addresses, separated by commas or spaces (at most 20).</p>
        )}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={initial.enabled} /> Send on schedule
      </label>
    </FormDialog>
  );
}
