"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { DeleteEntityButton } from "../entities/delete-entity-button.tsx";
import { useTRPC } from "../trpc.ts";

/** The device page's Delete; back to the list once done. */
export function DeleteDeviceButton({ device }: { device: { id: string; name: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.devices.delete.mutationOptions({ onSuccess: () => router.replace("/devices") }));
  return (
    <DeleteEntityButton
      noun="device"
      name={device.name}
      deletion={{ ...remove, run: () => remove.mutate({ id: device.id }) }}
    >
      Its credentials stop working at once; its telemetry, attributes and relations are deleted.
    </DeleteEntityButton>
  );
}
