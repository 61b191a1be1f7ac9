"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Card } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ProvisioningDialog } from "../provisioning/provisioning-dialog.tsx";
import { useTRPC } from "../trpc.ts";
import { AlarmRulesDialog } from "./alarm-rules-dialog.tsx";
import { AlarmRulesSummary } from "./alarm-rules-summary.tsx";
import { OtaPackageName } from "./ota-package-name.tsx";
import { PayloadTypeDialog } from "./payload-type-dialog.tsx";
import { SettingRows } from "./setting-rows.tsx";

type DeviceProfile = RouterOutputs["deviceProfiles"]["get"];

const TRANSPORTS: Record<string, string> = {
  DEFAULT: "Default (MQTT, HTTP and CoAP)",
  MQTT: "MQTT",
  COAP: "CoAP",
  LWM2M: "LwM2M",
  SNMP: "SNMP",
};

const STRATEGIES: Record<string, string> = {
  DISABLED: "Disabled",
  ALLOW_CREATE_NEW_DEVICES: "Devices may create themselves",
  CHECK_PRE_PROVISIONED_DEVICES: "Only devices created beforehand",
  X509_CERTIFICATE_CHAIN: "X.509 certificate chain",
};

const editLink = "ml-2 text-xs text-brand-700 hover:underline";

/** What a device profile sets for its devices: transport and payloads, provisioning, OTA packages, alarm rules. */
export function DeviceProfileSettingsCard({ profile }: { profile: DeviceProfile }) {
  const trpc = useTRPC();
  const provisioning = useQuery(trpc.deviceProvisioning.get.queryOptions({ id: profile.id }));
  const [editing, setEditing] = useState<"payload" | "provisioning" | "alarmRules" | null>(null);
  const queryClient = useQueryClient();
  const saveRules = useMutation(
    trpc.deviceProfiles.update.mutationOptions({
      onSuccess: async () => {
        setEditing(null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.deviceProfiles.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.auditLogs.list.queryKey() }),
        ]);
      },
    }),
  );
  const payloadType = profile.transportConfig?.payloadType ?? "JSON";
  const observed = profile.lwm2m?.observe.length ?? 0;

  return (
    <Card title="Settings">
      <SettingRows
        rows={[
          { label: "Transport", value: TRANSPORTS[profile.transportType ?? "DEFAULT"] ?? profile.transportType },
          {
            label: "Payload",
            value: (
              <>
                <span data-testid="payload-type">{payloadType === "PROTOBUF" ? "Protobuf" : "JSON"}</span>
                <button type="button" className={editLink} onClick={() => setEditing("payload")}>
                  Change…
                </button>
              </>
            ),
          },
          ...(profile.lwm2m
            ? [{ label: "LwM2M", value: `${observed} resource${observed === 1 ? "" : "s"} observed` }]
            : []),
          {
            label: "Provisioning",
            value: (
              <>
                <span data-testid="provisioning-strategy">
                  {provisioning.data
                    ? STRATEGIES[provisioning.data.strategy]
                    : provisioning.error
                      ? provisioning.error.message
                      : "…"}
                </span>
                {provisioning.data?.provisionDeviceKey && (
                  <span className="block font-mono text-xs text-slate-500">
                    key {provisioning.data.provisionDeviceKey}
                  </span>
                )}
                <button type="button" className={editLink} onClick={() => setEditing("provisioning")}>
                  Change…
                </button>
              </>
            ),
          },
          { label: "Firmware", value: <OtaPackageName id={profile.firmwareId ?? null} /> },
          { label: "Software", value: <OtaPackageName id={profile.softwareId ?? null} /> },
          {
            label: "Alarm rules",
            value: (
              <>
                <AlarmRulesSummary rules={profile.alarmRules ?? []} />
                <button
                  type="button"
                  className={editLink.replace("ml-2", "")}
                  onClick={() => {
                    saveRules.reset();
                    setEditing("alarmRules");
                  }}
                >
                  Edit alarm rules…
                </button>
              </>
            ),
          },
        ]}
      />
      <PayloadTypeDialog profile={editing === "payload" ? profile : null} onClose={() => setEditing(null)} />
      <ProvisioningDialog profile={editing === "provisioning" ? profile : null} onClose={() => setEditing(null)} />
      {editing === "alarmRules" && (
        <AlarmRulesDialog
          rules={profile.alarmRules ?? []}
          save={{
            // The profiles' shared operation factory types the body by its common fields; alarmRules is a
            // device profile's (its schema checks them at runtime).
            run: (alarmRules) => saveRules.mutate({ id: profile.id, body: { alarmRules } as never }),
            isPending: saveRules.isPending,
            error: saveRules.error,
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}
