"use client";
import { Button, ConfirmDialog } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

/** The device page's Delete, asked through the console's confirm dialog; back to the list once done. */
export function DeleteDeviceButton({ device }: { device: { id: string; name: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const remove = useMutation(trpc.devices.delete.mutationOptions({ onSuccess: () => router.replace("/devices") }));
  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          remove.reset();
          setAsking(true);
        }}
      >
        Delete device
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Delete ${device.name}?`}
        confirmLabel="Delete device"
        busy={remove.isPending || remove.isSuccess}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: device.id })}
        onClose={() => setAsking(false)}
      >
        Its credentials stop working at once; its telemetry, attributes and relations are deleted.
      </ConfirmDialog>
    </>
  );
}
