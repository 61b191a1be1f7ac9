"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, CopyBox, Dialog, QueryView, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type Provisioning = RouterOutputs["deviceProvisioning"]["get"];
type Strategy = Provisioning["strategy"];

const STRATEGIES: { value: Strategy; label: string; hint: string }[] = [
  {
    value: "DISABLED",
    label: "Disabled",
    hint: "Devices of this profile are created in the console or over the API only.",
  },
  {
    value: "ALLOW_CREATE_NEW_DEVICES",
    label: "Allow creating new devices",
    hint: "A device that sends the key, the secret and its name gets a new device and its credentials.",
  },
  {
    value: "CHECK_PRE_PROVISIONED_DEVICES",
    label: "Check pre-provisioned devices",
    hint: "A device gets the credentials of the device of its name, created here beforehand.",
  },
  {
    value: "X509_CERTIFICATE_CHAIN",
    label: "X.509 certificate chain",
    hint: "A device whose client certificate is signed by this CA is created when it first connects over MQTT TLS.",
  },
];

/** The key and secret devices send, with a two-step regenerate (the old ones stop working). */
function KeyAndSecret({ profileId, provisioning }: { profileId: string; provisioning: Provisioning }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const regenerate = useMutation(
    trpc.deviceProvisioning.regenerate.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.deviceProvisioning.get.queryKey({ id: profileId }), updated);
        setConfirming(false);
      },
    }),
  );
  if (!provisioning.provisionDeviceKey || !provisioning.provisionDeviceSecret) return null;
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-3">
      <CopyBox label="Provision device key" value={provisioning.provisionDeviceKey} testId="provision-key" />
      <CopyBox label="Provision device secret" value={provisioning.provisionDeviceSecret} testId="provision-secret" />
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-amber-800">Devices sending the old key will be refused.</span>
          <Button variant="danger" busy={regenerate.isPending} onClick={() => regenerate.mutate({ id: profileId })}>
            Replace key and secret
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Keep them
          </Button>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Regenerate
        </Button>
      )}
      <FormError error={regenerate.error} />
    </div>
  );
}

function ProvisioningForm({
  profileId,
  provisioning,
  onClose,
}: {
  profileId: string;
  provisioning: Provisioning;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [strategy, setStrategy] = useState<Strategy>(provisioning.strategy);
  const save = useMutation(
    trpc.deviceProvisioning.set.mutationOptions({
      onSuccess: (updated) =>
        queryClient.setQueryData(trpc.deviceProvisioning.get.queryKey({ id: profileId }), updated),
    }),
  );
  const errors = fieldErrorsOf(save.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body =
      strategy === "X509_CERTIFICATE_CHAIN"
        ? {
            strategy,
            caCertificatePem: String(form.get("caCertificatePem") ?? ""),
            commonNameRegex: String(form.get("commonNameRegex") ?? "") || "(.*)",
            allowCreateNewDevices: form.get("allowCreateNewDevices") === "on",
          }
        : { strategy };
    save.mutate({ id: profileId, body });
  };
  const saved = save.isSuccess && strategy === provisioning.strategy;
  return (
    <form onSubmit={submit} className="space-y-4">
      <SelectField
        label="Strategy"
        name="strategy"
        value={strategy}
        onChange={(e) => setStrategy(e.target.value as Strategy)}
        options={STRATEGIES.map(({ value, label }) => ({ value, label }))}
        hint={STRATEGIES.find((s) => s.value === strategy)?.hint}
      />
      {strategy === provisioning.strategy && <KeyAndSecret profileId={profileId} provisioning={provisioning} />}
      {strategy === "X509_CERTIFICATE_CHAIN" && (
        <>
          <div className="space-y-1">
            <label htmlFor="ca-pem" className="block text-sm font-medium text-slate-700">
              CA certificate (PEM)
            </label>
            <textarea
              id="ca-pem"
              name="caCertificatePem"
              rows={5}
              required
              defaultValue={provisioning.x509?.caCertificatePem ?? ""}
              placeholder="-----BEGIN CERTIFICATE-----"
              className="block w-full rounded-md border-0 font-mono text-xs ring-1 ring-slate-300"
            />
            {errors.caCertificatePem ? (
              <p className="text-xs text-red-600">{errors.caCertificatePem}</p>
            ) : (
              provisioning.x509 && (
                <p className="break-all text-xs text-slate-500">
                  {provisioning.x509.subject} · valid until {provisioning.x509.validTo.slice(0, 10)} · SHA-256{" "}
                  {provisioning.x509.caThumbprint}
                </p>
              )
            )}
          </div>
          <TextField
            label="Device name from the certificate's CN"
            name="commonNameRegex"
            defaultValue={provisioning.x509?.commonNameRegex ?? "(.*)"}
            hint="A regular expression; its first group (or the whole match) names the device."
            error={errors.commonNameRegex}
          />
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="allowCreateNewDevices"
              defaultChecked={provisioning.x509?.allowCreateNewDevices ?? true}
              className="rounded border-slate-300"
            />
            Create devices that are not here yet
          </label>
        </>
      )}
      <FormError error={save.error} fields={["caCertificatePem", "commonNameRegex"]} />
      {saved && <p className="text-sm text-green-700">Saved.</p>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
        <Button type="submit" busy={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

/** A device profile's provisioning: strategy, key and secret (shown, copyable, regenerable), or its CA. */
export function ProvisioningDialog({
  profile,
  onClose,
}: {
  profile: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const provisioning = useQuery({
    ...trpc.deviceProvisioning.get.queryOptions({ id: profile?.id ?? "" }),
    enabled: profile !== null,
  });
  return (
    <Dialog open={profile !== null} title={`Provisioning of ${profile?.name ?? ""}`} onClose={onClose}>
      <QueryView query={provisioning} loadingLabel="Loading…">
        {(p) => <ProvisioningForm profileId={profile!.id} provisioning={p} onClose={onClose} />}
      </QueryView>
    </Dialog>
  );
}
