"use client";
import { useLiveClient } from "@industryos/ui/dashboard";
import { useEffect, useState } from "react";

/**
 * Whether the device has sent anything yet, followed live over the console's WebSocket: the
 * subscription's first answer carries the latest values already stored, each later one a new
 * message, so the page turns green the moment the first telemetry arrives.
 */
export function useFirstMessage(deviceId: string | undefined, alreadyReported: boolean) {
  const { client } = useLiveClient();
  const [arrived, setArrived] = useState(alreadyReported);
  useEffect(() => setArrived(alreadyReported), [deviceId, alreadyReported]);
  useEffect(() => {
    if (!client || !deviceId || arrived) return;
    return client.subscribe(
      { type: "subscribeLatest", entity: { type: "DEVICE", id: deviceId } },
      {
        onData: (message) => {
          const points = Object.values(message.data).flatMap((keys) => Object.values(keys).flat());
          if (points.length > 0) setArrived(true);
        },
      },
    );
  }, [client, deviceId, arrived]);
  return arrived;
}
