import type { DeviceSession } from "../core/session.ts";

/** What the LwM2M server needs from the data layer (PostgreSQL: src/db/lwm2m-directory.ts). */
export interface Lwm2mDirectory {
  /** The device whose LWM2M credential (NO_SEC) names this endpoint; system role, the tenant is unknown until it answers. */
  findEndpoint(endpoint: string): Promise<DeviceSession | null>;
  /** The device profile's `transportConfig.lwm2m`, as stored (validated by the caller). */
  profileConfig(session: DeviceSession): Promise<unknown>;
  /** The DDF files the session's tenant uploaded (`Lwm2mObjectModel`), as stored. */
  uploadedModels(session: DeviceSession): Promise<Array<{ id: string; xml: string }>>;
  /** The device's firmware status row (`DeviceOtaStatus`): its target and last reported state. */
  firmwareStatus(session: DeviceSession): Promise<{ targetPackageId: string | null; state: string | null } | null>;
}
