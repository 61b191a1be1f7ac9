"use client";
import { Button, Card, ConfirmDialog, CopyBox, QueryView } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { CredentialsForm } from "./credentials-form.tsx";

/** The access token and ready-to-paste commands that send a first value. */
export function ConnectCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = useQuery(trpc.devices.connectionInfo.queryOptions({ id: deviceId }));
  const [changing, setChanging] = useState(false);
  const [askingNewToken, setAskingNewToken] = useState(false);
  const regenerate = useMutation(
    trpc.devices.replaceCredentials.mutationOptions({
      onSuccess: async () => {
        setAskingNewToken(false);
        await queryClient.invalidateQueries({ queryKey: trpc.devices.connectionInfo.queryKey({ id: deviceId }) });
      },
    }),
  );

  return (
    <Card
      title="Connect this device"
      actions={
        <Button
          variant="secondary"
          busy={regenerate.isPending}
          onClick={() => {
            regenerate.reset();
            setAskingNewToken(true);
          }}
        >
          New token
        </Button>
      }
    >
      <QueryView query={info}>
        {(data) =>
          data.credentials.type !== "ACCESS_TOKEN" ? (
            <p className="text-sm text-slate-600">
              This device authenticates with{" "}
              {data.credentials.type === "MQTT_BASIC"
                ? `MQTT basic credentials (client id ${data.credentials.clientId ?? "any"}, user name ${data.credentials.username ?? "any"}) on ${data.mqttHost}:${data.mqttPort}`
                : data.credentials.type === "JWT"
                  ? `a JWT of one of the workspace's JWT issuers whose device claim is “${data.credentials.subject ?? ""}”: the token as the MQTT password on ${data.mqttHost}:${data.mqttPort} (any user name), or Authorization: Bearer on ${data.httpUrl}/api/v1/jwt/telemetry`
                  : data.credentials.type === "LWM2M"
                    ? `LwM2M: its client registers as endpoint “${data.credentials.endpoint}” (no DTLS) with the LwM2M server on UDP port 5685 of ${data.mqttHost}`
                    : "certificateThumbprint" in data.credentials
                      ? `an X.509 client certificate (SHA-256 ${data.credentials.certificateThumbprint?.slice(0, 16)}…) over MQTT with TLS`
                      : "other credentials"}
              .
            </p>
          ) : (
            <div className="space-y-4">
              <CopyBox label="Access token" value={data.credentials.accessToken ?? ""} testId="access-token" />
              <CopyBox
                label="Publish over MQTT (mosquitto_pub)"
                testId="mqtt-command"
                value={`mosquitto_pub -d -q 1 -h ${data.mqttHost} -p ${data.mqttPort} -t v1/devices/me/telemetry -u "${data.credentials.accessToken}" -m '{"temperature":25}'`}
              />
              <CopyBox
                label="Or over HTTP (curl)"
                value={`curl -X POST ${data.httpUrl}/api/v1/${data.credentials.accessToken}/telemetry -H "Content-Type: application/json" -d '{"temperature":25}'`}
              />
              <p className="text-xs text-slate-500">Values appear under “Latest telemetry” within a few seconds.</p>
            </div>
          )
        }
      </QueryView>
      {changing ? (
        <div className="mt-4">
          <CredentialsForm deviceId={deviceId} onDone={() => setChanging(false)} />
        </div>
      ) : (
        <button type="button" className="mt-4 text-xs text-brand-600 hover:underline" onClick={() => setChanging(true)}>
          Use other credentials…
        </button>
      )}
      <ConfirmDialog
        open={askingNewToken}
        title="Generate a new access token?"
        confirmLabel="Generate new token"
        busy={regenerate.isPending}
        error={regenerate.error}
        onConfirm={() => regenerate.mutate({ id: deviceId, body: { type: "ACCESS_TOKEN" } })}
        onClose={() => setAskingNewToken(false)}
      >
        The current token stops working at once: the device cannot send data until it uses the new one.
      </ConfirmDialog>
    </Card>
  );
}
