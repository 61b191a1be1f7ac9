"use client";
import { Button, SelectField, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type KeySource = "jwksUri" | "keys";

const FIELDS = ["issuer", "audience", "jwksUri", "keys", "deviceClaim", "clockSkewSeconds"];

/** A static JWKS as pasted; text that is not JSON is sent as is, and the API names what is wrong with it. */
function parseKeys(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Registers an issuer; the API's refusals show beside their fields. */
export function JwtIssuerForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const [source, setSource] = useState<KeySource>("jwksUri");
  const create = useMutation(trpc.jwtIssuers.create.mutationOptions({ onSuccess: onDone }));
  const errors = fieldErrorsOf(create.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const skew = text("clockSkewSeconds");
    create.mutate({
      body: {
        issuer: text("issuer"),
        audience: text("audience") || undefined,
        deviceClaim: text("deviceClaim") || "sub",
        clockSkewSeconds: skew === "" ? undefined : Number(skew),
        ...(source === "jwksUri"
          ? { jwksUri: text("jwksUri") }
          : { keys: parseKeys(text("keys")) as { keys: { kty: string }[] } }),
      },
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <TextField
        label="Issuer"
        name="issuer"
        required
        placeholder="https://login.example.com/"
        hint="The iss claim of the devices' tokens."
        error={errors.issuer}
      />
      <TextField
        label="Audience"
        name="audience"
        placeholder="industryos-devices"
        hint="Tokens must carry this aud; leave empty to accept any."
        error={errors.audience}
      />
      <SelectField
        label="Signing keys"
        value={source}
        onChange={(e) => setSource(e.target.value as KeySource)}
        options={[
          { value: "jwksUri", label: "Published at a JWKS URL" },
          { value: "keys", label: "Pasted here (static JWKS)" },
        ]}
      />
      {source === "jwksUri" ? (
        <TextField
          label="JWKS URL"
          name="jwksUri"
          required
          placeholder="https://login.example.com/.well-known/jwks.json"
          hint="Fetched again when a token names a key it does not hold."
          error={errors.jwksUri}
        />
      ) : (
        <label className="block text-sm font-medium text-slate-700">
          Public keys (JWKS)
          <textarea
            name="keys"
            required
            rows={6}
            aria-invalid={errors.keys ? true : undefined}
            className="mt-1 block w-full rounded-md border-0 font-mono text-xs ring-1 ring-slate-300"
            placeholder='{"keys": [{"kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "…"}]}'
          />
          {errors.keys && <span className="mt-1 block text-sm font-normal text-red-600">{errors.keys}</span>}
        </label>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Device claim"
          name="deviceClaim"
          defaultValue="sub"
          hint="The claim whose value names the device."
          error={errors.deviceClaim}
        />
        <TextField
          label="Clock skew (seconds)"
          name="clockSkewSeconds"
          type="number"
          defaultValue="60"
          min={0}
          max={3600}
          hint="Leeway for devices' clocks on exp and nbf."
          error={errors.clockSkewSeconds}
        />
      </div>
      <FormError error={create.error} fields={FIELDS} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={create.isPending}>
          Add issuer
        </Button>
      </div>
    </form>
  );
}
