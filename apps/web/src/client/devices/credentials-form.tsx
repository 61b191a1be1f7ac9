"use client";
import { Button, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type Kind = "ACCESS_TOKEN" | "MQTT_BASIC" | "X509_CERTIFICATE" | "JWT" | "LWM2M";

/** Switches the device to another kind of credentials; the old ones stop working at once. */
export function CredentialsForm({ deviceId, onDone }: { deviceId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>("MQTT_BASIC");
  const replace = useMutation(
    trpc.devices.replaceCredentials.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.devices.connectionInfo.queryKey({ id: deviceId }) });
        onDone();
      },
    }),
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const credentials =
      kind === "ACCESS_TOKEN"
        ? { type: kind, accessToken: text("accessToken") }
        : kind === "MQTT_BASIC"
          ? {
              type: kind,
              clientId: text("clientId"),
              username: text("username"),
              password: String(form.get("password") ?? ""),
            }
          : kind === "JWT"
            ? { type: kind, subject: text("subject") ?? "" }
            : kind === "LWM2M"
              ? { type: kind, endpoint: text("endpoint") ?? "", security: "NO_SEC" as const }
              : { type: kind, certificatePem: String(form.get("certificatePem") ?? "") };
    replace.mutate({ id: deviceId, body: credentials });
  };

  return (
    <form onSubmit={submit} className="space-y-3 border-t border-slate-100 pt-4">
      <SelectField
        label="Credentials type"
        value={kind}
        onChange={(e) => setKind(e.target.value as Kind)}
        options={[
          { value: "ACCESS_TOKEN", label: "Access token (you choose it)" },
          { value: "MQTT_BASIC", label: "MQTT client id / user name / password" },
          { value: "X509_CERTIFICATE", label: "X.509 client certificate" },
          { value: "JWT", label: "JWT from a registered issuer (OAuth 2.0)" },
          { value: "LWM2M", label: "LwM2M client endpoint name (no DTLS)" },
        ]}
      />
      {kind === "ACCESS_TOKEN" && (
        <TextField label="Access token" name="accessToken" hint="Leave empty to generate one." />
      )}
      {kind === "MQTT_BASIC" && (
        <div className="grid grid-cols-3 gap-3">
          <TextField label="Client id" name="clientId" />
          <TextField label="User name" name="username" />
          <TextField label="Password" name="password" type="password" required minLength={8} />
        </div>
      )}
      {kind === "JWT" && (
        <TextField
          label="Subject"
          name="subject"
          required
          hint="The value of the issuer's device claim (sub unless the issuer names another) in this device's tokens."
          error={fieldErrorsOf(replace.error).subject}
        />
      )}
      {kind === "LWM2M" && (
        <TextField
          label="Endpoint name"
          name="endpoint"
          required
          hint="The name the client registers with (ep), e.g. urn:imei:490154203237518."
          error={fieldErrorsOf(replace.error).endpoint}
        />
      )}
      {kind === "X509_CERTIFICATE" && (
        <label className="block text-sm font-medium text-slate-700">
          Certificate (PEM)
          <textarea
            name="certificatePem"
            required
            rows={5}
            className="mt-1 block w-full rounded-md border-0 font-mono text-xs ring-1 ring-slate-300"
            placeholder="-----BEGIN CERTIFICATE-----"
          />
        </label>
      )}
      {replace.error && (
        <p role="alert" className="text-sm text-red-600">
          {replace.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" busy={replace.isPending}>
          Replace credentials
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
