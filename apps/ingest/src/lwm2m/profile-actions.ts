import type { Lwm2mOperationRequest, Lwm2mOperationResult } from "@industryos/device-bus";
import type { Logger } from "@industryos/runtime";
import type { DeviceService } from "../core/device-service.ts";
import type { DeviceSession } from "../core/session.ts";
import type { ResourceValue } from "./content-formats.ts";
import type { Lwm2mDirectory } from "./directory.ts";
import { lwm2mProfileConfig, type Lwm2mProfileConfig } from "@industryos/device-protocol";
import { EMPTY_PROFILE_CONFIG, mapValues } from "./profile-mapping.ts";
import type { ActiveRegistration } from "./registry.ts";

type Operation = Omit<Lwm2mOperationRequest, "id" | "timeoutMs">;

/**
 * What the device profile asks for on registration (attribute reads, observations), and the
 * values clients report becoming telemetry and attributes through the same device service as
 * every other transport's (same store, streams and live updates).
 */
export class ProfileActions {
  constructor(
    private readonly service: DeviceService,
    private readonly logger: Logger,
  ) {}

  async configOf(directory: Lwm2mDirectory, session: DeviceSession): Promise<Lwm2mProfileConfig> {
    const raw = await directory.profileConfig(session);
    if (raw === undefined || raw === null) return EMPTY_PROFILE_CONFIG;
    const parsed = lwm2mProfileConfig.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.logger.warn(
      { deviceId: session.deviceId, issues: parsed.error.issues },
      "invalid LwM2M profile mapping ignored",
    );
    return EMPTY_PROFILE_CONFIG;
  }

  /** Reads the attribute paths, then observes the observed ones (each observation reports its first value too). */
  async onRegistered(active: ActiveRegistration, run: (operation: Operation) => Promise<Lwm2mOperationResult>) {
    const { profile } = active;
    const report = this.notified(active);
    for (const path of Object.keys(profile.attributes)) {
      if (profile.observe.includes(path)) continue;
      const result = await run({ operation: "read", path });
      if (result.ok) report(result.values ?? []);
      else this.logger.info({ path, result }, "LwM2M attribute read on registration failed");
    }
    for (const path of profile.observe) {
      const result = await run({ operation: "observe", path });
      if (!result.ok) this.logger.info({ path, result }, "LwM2M observation on registration failed");
    }
  }

  /** Stores reported values: the profile's attribute paths as client attributes, the rest as telemetry. */
  notified(active: ActiveRegistration): (values: ResourceValue[]) => void {
    return (values) => {
      const { telemetry, attributes } = mapValues(active.profile, values);
      const stored = (what: string) => (error: unknown) =>
        this.logger.warn({ err: error, deviceId: active.session.deviceId }, `LwM2M ${what} not stored`);
      if (Object.keys(telemetry).length > 0)
        this.service
          .postTelemetry(active.session, telemetry, JSON.stringify(telemetry), { wait: false })
          .catch(stored("telemetry"));
      if (Object.keys(attributes).length > 0)
        this.service
          .postAttributes(active.session, attributes, JSON.stringify(attributes), { wait: false })
          .catch(stored("attributes"));
    };
  }
}
