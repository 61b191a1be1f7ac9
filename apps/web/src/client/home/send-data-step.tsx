"use client";
import { CopyBox, Spinner } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { useFirstMessage } from "./use-first-message.ts";

/**
 * The "send data" step: the device's ready-to-paste commands, and a live line that waits for its
 * first message and turns green when it arrives.
 */
export function SendDataStep({
  device,
  onArrived,
}: {
  device: { id: string; name: string; lastActivityAt: string | null };
  onArrived: () => void;
}) {
  const trpc = useTRPC();
  const info = useQuery(trpc.devices.connectionInfo.queryOptions({ id: device.id }));
  const arrived = useFirstMessage(device.id, device.lastActivityAt !== null);
  const credentials = info.data?.credentials;
  const token = credentials?.type === "ACCESS_TOKEN" ? credentials.accessToken : undefined;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Publish a value from <b>{device.name}</b> (or from this computer, to try):
      </p>
      {info.isPending ? (
        <Spinner label="Loading the device's commands…" />
      ) : info.data && token ? (
        <>
          <CopyBox
            label="Over MQTT (mosquitto_pub)"
            testId="home-mqtt-command"
            value={`mosquitto_pub -d -q 1 -h ${info.data.mqttHost} -p ${info.data.mqttPort} -t v1/devices/me/telemetry -u "${token}" -m '{"temperature":25}'`}
          />
          <CopyBox
            label="Or over HTTP (curl)"
            testId="home-http-command"
            value={`curl -X POST ${info.data.httpUrl}/api/v1/${token}/telemetry -H "Content-Type: application/json" -d '{"temperature":25}'`}
          />
        </>
      ) : (
        <p className="text-sm text-slate-600">
          This device uses other credentials: see <Link href={`/devices/${device.id}`}>its page</Link>.
        </p>
      )}
      {arrived ? (
        <p
          role="status"
          className="flex items-center gap-2 text-sm font-medium text-emerald-700"
          data-testid="first-message"
        >
          <span className="size-2.5 rounded-full bg-emerald-500" /> First message received.{" "}
          <button type="button" className="text-brand-600 hover:underline" onClick={onArrived}>
            Next step
          </button>
        </p>
      ) : (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-600" data-testid="first-message">
          <span className="size-2.5 animate-pulse rounded-full bg-amber-400" /> Waiting for the first message…
        </p>
      )}
    </div>
  );
}
