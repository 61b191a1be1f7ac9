"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Dialog, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsUnder } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type PayloadConfig = NonNullable<RouterOutputs["deviceProfiles"]["list"]["data"][number]["transportConfig"]>;
type PayloadType = PayloadConfig["payloadType"];

export interface PayloadTypeProfile {
  id: string;
  name: string;
  transportConfig?: PayloadConfig;
}

/** The payloads a PROTOBUF profile describes, each with its schema and (optional) message name. */
const PAYLOADS = [
  { key: "telemetry", label: "Telemetry" },
  { key: "attributes", label: "Attributes" },
  { key: "rpcRequest", label: "RPC request" },
  { key: "rpcResponse", label: "RPC response" },
] as const;

const TYPES: { value: PayloadType; label: string; hint: string }[] = [
  { value: "JSON", label: "JSON", hint: "Devices send JSON, as ThingsBoard's device API documents it." },
  {
    value: "PROTOBUF",
    label: "Protocol Buffers",
    hint:
      "Devices send protobuf messages of the schemas below; a payload without a schema stays JSON. " +
      "A gateway of this profile sends ThingsBoard's gateway messages (transport.proto: ConnectMsg, " +
      "GatewayTelemetryMsg, GatewayAttributesMsg, GatewayRpcResponseMsg…) on v1/gateway/*; a device's " +
      "own RPC and attribute requests are ThingsBoard's RpcRequest and AttributesRequest, answered with " +
      "ToServerRpcResponseMsg and GetAttributeResponseMsg.",
  },
];

// ThingsBoard's default telemetry schema: a starting point a tenant edits.
const TELEMETRY_EXAMPLE = `syntax = "proto3";
package telemetry;

message SensorDataReading {
  optional double temperature = 1;
  optional double humidity = 2;
}`;

function PayloadTypeForm({ profile, onClose }: { profile: PayloadTypeProfile; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = profile.transportConfig ?? { payloadType: "JSON" as const };
  const [payloadType, setPayloadType] = useState<PayloadType>(current.payloadType);
  const save = useMutation(
    trpc.deviceProfiles.update.mutationOptions({
      // The list and a profile's own page both show the payload type.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deviceProfiles.pathKey() }),
    }),
  );
  // The API answers each schema's compiler message at transportConfig.<field>.
  const errors = fieldErrorsUnder(save.error, "transportConfig");
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const transportConfig: PayloadConfig =
      payloadType === "JSON"
        ? { payloadType }
        : Object.assign(
            { payloadType },
            ...PAYLOADS.map(({ key }) => ({
              [`${key}Proto`]: text(`${key}Proto`),
              [`${key}Message`]: text(`${key}Message`),
            })),
          );
    // The profiles' shared operation factory types the body by its common fields; transportConfig is a device profile's.
    save.mutate({ id: profile.id, body: { transportConfig } as never });
  };
  return (
    <form onSubmit={submit} className="space-y-4">
      <SelectField
        label="Payload type"
        name="payloadType"
        value={payloadType}
        onChange={(e) => setPayloadType(e.target.value as PayloadType)}
        options={TYPES.map(({ value, label }) => ({ value, label }))}
        hint={TYPES.find((t) => t.value === payloadType)?.hint}
      />
      {payloadType === "PROTOBUF" &&
        PAYLOADS.map(({ key, label }) => {
          const schemaField = `${key}Proto` as const;
          const messageField = `${key}Message` as const;
          const error = errors[schemaField];
          return (
            <fieldset key={key} className="space-y-2 rounded-md border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium text-slate-700">{label}</legend>
              <label htmlFor={`proto-${key}`} className="block text-sm text-slate-700">
                {label} schema (.proto)
              </label>
              <textarea
                id={`proto-${key}`}
                name={schemaField}
                rows={key === "telemetry" ? 8 : 4}
                defaultValue={current[schemaField] ?? (key === "telemetry" ? TELEMETRY_EXAMPLE : "")}
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `proto-${key}-error` : undefined}
                className={`block w-full rounded-md border-0 font-mono text-xs ring-1 ${error ? "ring-red-400" : "ring-slate-300"}`}
              />
              {error && (
                <p id={`proto-${key}-error`} className="text-xs text-red-600">
                  {error}
                </p>
              )}
              <TextField
                label={`${label} message`}
                name={messageField}
                defaultValue={current[messageField] ?? ""}
                placeholder="the schema's last message"
                hint={
                  key === "telemetry"
                    ? "Full name, e.g. telemetry.SensorDataReading; empty takes the schema's last top-level message."
                    : undefined
                }
                error={errors[messageField]}
              />
            </fieldset>
          );
        })}
      <FormError error={save.error} fields={["transportConfig"]} />
      {save.isSuccess && <p className="text-sm text-green-700">Saved.</p>}
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

/** A device profile's payload type: JSON, or protobuf with a schema per payload (ThingsBoard's transport payload type). */
export function PayloadTypeDialog({ profile, onClose }: { profile: PayloadTypeProfile | null; onClose: () => void }) {
  return (
    <Dialog open={profile !== null} title={`Payload type of ${profile?.name ?? ""}`} onClose={onClose}>
      {profile && <PayloadTypeForm key={profile.id} profile={profile} onClose={onClose} />}
    </Dialog>
  );
}
