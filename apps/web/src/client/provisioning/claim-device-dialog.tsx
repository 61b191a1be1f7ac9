"use client";
import { Button, ConfirmDialog, Dialog, TextField } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

/** A customer user claims a device by the name and secret the device (or its box) shows. */
export function ClaimDeviceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [claimed, setClaimed] = useState<string>();
  const claim = useMutation(
    trpc.deviceClaiming.claim.mutationOptions({
      onSuccess: async (result) => {
        setClaimed(
          result.status === "SUCCESS"
            ? `${result.device.name} is now yours.`
            : `${result.device.name} was yours already.`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.devices.list.queryKey() });
      },
    }),
  );
  const close = () => {
    setClaimed(undefined);
    claim.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    claim.mutate({
      deviceName: String(form.get("deviceName") ?? "").trim(),
      body: { secretKey: String(form.get("secretKey") ?? "") },
    });
  };
  return (
    <Dialog open={open} title="Claim a device" onClose={close}>
      {claimed ? (
        <div className="space-y-4">
          <p role="status" className="text-sm text-green-700">
            {claimed}
          </p>
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Device name" name="deviceName" required autoComplete="off" />
          <TextField
            label="Claim secret"
            name="secretKey"
            required
            autoComplete="off"
            hint="The secret the device shows while it can be claimed."
            error={fieldErrorsOf(claim.error).secretKey}
          />
          <FormError error={claim.error} fields={["secretKey"]} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" busy={claim.isPending}>
              Claim
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Gives a claimed device back: it leaves the customer and can be claimed again once it announces a new claim. */
export function ReleaseDeviceDialog({ device, onClose }: { device: { name: string } | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const release = useMutation(
    trpc.deviceClaiming.release.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.devices.list.queryKey() });
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      open={device !== null}
      title={`Release ${device?.name ?? ""}?`}
      confirmLabel="Release"
      busy={release.isPending}
      error={release.error}
      onConfirm={() => device && release.mutate({ deviceName: device.name })}
      onClose={onClose}
    >
      It will no longer be yours; whoever it announces a new claim secret to can claim it.
    </ConfirmDialog>
  );
}
