"use client";
import { Button, Dialog, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

const FIELDS = [
  "name",
  "packageId",
  "target",
  "waves",
  "maxDevicesPerMinute",
  "deviceTimeoutSeconds",
  "failureThresholdPercent",
];

/** A staged rollout of a package over a device profile's devices. */
export function CreateCampaignDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const packages = useQuery({ ...trpc.otaPackages.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const profiles = useQuery({ ...trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const create = useMutation(
    trpc.otaCampaigns.create.mutationOptions({ onSuccess: (c) => router.push(`/ota-campaigns/${c.id}`) }),
  );
  const errors = fieldErrorsOf(create.error);
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
        target: { deviceProfileId: String(form.get("deviceProfileId")) },
        waves: String(form.get("waves"))
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number),
        maxDevicesPerMinute: number("maxDevicesPerMinute"),
        deviceTimeoutSeconds: number("deviceTimeoutMinutes") * 60,
        failureThresholdPercent: number("failureThresholdPercent"),
        onThreshold: String(form.get("onThreshold")) as "PAUSE" | "ABORT",
      },
    });
  };
  const close = () => {
    create.reset();
    onClose();
  };

  return (
    <Dialog open={open} title="New OTA campaign" onClose={close}>
      <form onSubmit={submit} className="space-y-4">
        <TextField label="Name" name="name" required error={errors.name} placeholder="Boilers to 1.2.0" />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Package"
            name="packageId"
            required
            disabled={loading}
            hint={loading ? "Loading packages…" : undefined}
            options={packageOptions}
          />
          <SelectField
            label="Devices of profile"
            name="deviceProfileId"
            required
            disabled={loading}
            hint={loading ? "Loading device profiles…" : undefined}
            options={profileOptions}
          />
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
        {nothingToSend && (
          <p className="text-sm text-slate-600">
            There is no package to send yet.{" "}
            <Link href="/ota-packages" className="font-medium text-brand-700 underline">
              Upload one first
            </Link>
            .
          </p>
        )}
        {errors.target && <p className="text-sm text-red-600">{errors.target}</p>}
        {errors.packageId && <p className="text-sm text-red-600">{errors.packageId}</p>}
        <FormError error={create.error} fields={FIELDS} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending} disabled={loading || nothingToSend}>
            Start campaign
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
