"use client";
import { Button, Dialog, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { SavedFilterChoice } from "../device-filters/saved-filter-choice.tsx";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf, fieldErrorsUnder } from "../form-errors.ts";
import { TargetPicker } from "../notification-rules/recipients.tsx";
import { useTRPC } from "../trpc.ts";
import { DeviceFilterFields, EMPTY_FILTER, filterBody, type DeviceFilter } from "./device-filter-fields.tsx";
import { DevicePicker, type PickedDevice } from "./device-picker.tsx";

const FIELDS = [
  "name",
  "packageId",
  "target",
  "waves",
  "maxDevicesPerMinute",
  "deviceTimeoutSeconds",
  "failureThresholdPercent",
  "notifyTargetIds",
];

type TargetKind = "profile" | "devices" | "filter" | "saved";
const TARGET_KINDS: { value: TargetKind; label: string }[] = [
  { value: "profile", label: "A device profile" },
  { value: "devices", label: "Chosen devices" },
  { value: "filter", label: "A filter" },
  { value: "saved", label: "A saved filter" },
];

/**
 * A staged rollout of a package over a device profile's devices, chosen devices, or the devices a filter or a saved
 * filter matches.
 */
export function CreateCampaignDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const packages = useQuery({ ...trpc.otaPackages.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const profiles = useQuery({ ...trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const [kind, setKind] = useState<TargetKind>("profile");
  const [picked, setPicked] = useState<PickedDevice[]>([]);
  const [filter, setFilter] = useState<DeviceFilter>(EMPTY_FILTER);
  const [savedFilterId, setSavedFilterId] = useState("");
  const [notify, setNotify] = useState<string[]>([]);
  const create = useMutation(
    trpc.otaCampaigns.create.mutationOptions({ onSuccess: (c) => router.push(`/ota-campaigns/${c.id}`) }),
  );
  const errors = fieldErrorsOf(create.error);
  // The target's own fields (`target.deviceIds`, `target.filter`...), else what the API said of the target as a whole.
  const targetErrors = fieldErrorsUnder(create.error, "target");
  const filterErrors = fieldErrorsUnder(create.error, ["target", "filter"]);
  // Shown once: beside the filter's own field when it names one, else under the target.
  const targetError = Object.keys(filterErrors).length
    ? undefined
    : (targetErrors.deviceProfileId ??
      targetErrors.deviceIds ??
      targetErrors.filter ??
      targetErrors.savedFilterId ??
      errors.target);
  // Both lists must have arrived before the form can be sent: an empty required select blocks the submit silently.
  const loading = packages.isPending || profiles.isPending;
  const packageOptions = (packages.data?.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.title} ${p.version} (${p.type.toLowerCase()})`,
  }));
  const profileOptions = (profiles.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const nothingToSend = !loading && packageOptions.length === 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => Number(form.get(name));
    create.mutate({
      body: {
        name: String(form.get("name")),
        packageId: String(form.get("packageId")),
        target:
          kind === "profile"
            ? { deviceProfileId: String(form.get("deviceProfileId")) }
            : kind === "devices"
              ? { deviceIds: picked.map((d) => d.id) }
              : kind === "filter"
                ? { filter: filterBody(filter) }
                : { savedFilterId },
        waves: String(form.get("waves"))
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number),
        maxDevicesPerMinute: number("maxDevicesPerMinute"),
        deviceTimeoutSeconds: number("deviceTimeoutMinutes") * 60,
        failureThresholdPercent: number("failureThresholdPercent"),
        onThreshold: String(form.get("onThreshold")) as "PAUSE" | "ABORT",
        notifyTargetIds: notify,
      },
    });
  };
  const close = () => {
    create.reset();
    setKind("profile");
    setPicked([]);
    setFilter(EMPTY_FILTER);
    setSavedFilterId("");
    setNotify([]);
    onClose();
  };

  return (
    <Dialog open={open} title="New OTA campaign" onClose={close}>
      <form onSubmit={submit} className="space-y-4">
        <TextField label="Name" name="name" required error={errors.name} placeholder="Boilers to 1.2.0" />
        <div className="space-y-1">
          <SelectField
            label="Package"
            name="packageId"
            required
            disabled={loading}
            hint={loading ? "Loading packages…" : undefined}
            options={packageOptions}
          />
          {errors.packageId && <p className="text-xs text-red-600">{errors.packageId}</p>}
        </div>
        <fieldset className="min-w-0 space-y-3">
          <legend className="text-sm font-medium text-slate-700">Target</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {TARGET_KINDS.map((k) => (
              <label key={k.value} className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="radio"
                  name="targetKind"
                  value={k.value}
                  checked={kind === k.value}
                  onChange={() => setKind(k.value)}
                />
                {k.label}
              </label>
            ))}
          </div>
          {kind === "profile" && (
            <SelectField
              label="Devices of profile"
              name="deviceProfileId"
              required
              disabled={loading}
              hint={loading ? "Loading device profiles…" : undefined}
              options={profileOptions}
            />
          )}
          {kind === "devices" && <DevicePicker selected={picked} onChange={setPicked} />}
          {kind === "filter" && (
            <DeviceFilterFields value={filter} onChange={setFilter} profiles={profileOptions} errors={filterErrors} />
          )}
          {kind === "saved" && <SavedFilterChoice value={savedFilterId} onChange={setSavedFilterId} />}
          {targetError && <p className="text-xs text-red-600">{targetError}</p>}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Waves (cumulative %)"
            name="waves"
            defaultValue="1, 10, 50, 100"
            error={errors.waves}
            hint="Each wave starts when the one before has finished."
          />
          <TextField
            label="Devices per minute"
            name="maxDevicesPerMinute"
            type="number"
            min={1}
            defaultValue={600}
            error={errors.maxDevicesPerMinute}
          />
          <TextField
            label="Per-device timeout (minutes)"
            name="deviceTimeoutMinutes"
            type="number"
            min={1}
            defaultValue={60}
            error={errors.deviceTimeoutSeconds}
          />
          <TextField
            label="Stop above % failed"
            name="failureThresholdPercent"
            type="number"
            min={0}
            max={100}
            defaultValue={10}
            error={errors.failureThresholdPercent}
          />
          <SelectField
            label="When it stops"
            name="onThreshold"
            options={[
              { value: "PAUSE", label: "Pause (resume by hand)" },
              { value: "ABORT", label: "Abort" },
            ]}
          />
        </div>
        <TargetPicker
          legend="Notify when it stops"
          selected={notify}
          onChange={setNotify}
          error={errors.notifyTargetIds}
        />
        {nothingToSend && (
          <p className="text-sm text-slate-600">
            There is no package to send yet.{" "}
            <Link href="/ota-packages" className="font-medium text-brand-700 underline">
              Upload one first
            </Link>
            .
          </p>
        )}
        <FormError error={create.error} fields={FIELDS} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button
            type="submit"
            busy={create.isPending}
            disabled={loading || nothingToSend || (kind === "devices" && picked.length === 0)}
          >
            Start campaign
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
