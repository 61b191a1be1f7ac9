import type { ObserveReadStream } from "coap";
import type { RedisClient } from "@industryos/runtime";
import { lwm2mRegistrationKey, type Lwm2mRegistration } from "@industryos/device-bus";
import type { DeviceSession } from "../core/session.ts";
import type { Lwm2mProfileConfig } from "@industryos/device-protocol";
import type { ObjectModels } from "./models.ts";

/** A registration held by this node, with what lives only here: its observations and its expiry timer. */
export interface ActiveRegistration {
  registration: Lwm2mRegistration;
  session: DeviceSession;
  profile: Lwm2mProfileConfig;
  /** The tenant's object models (bundled and uploaded), as they were at registration. */
  models: ObjectModels;
  observations: Map<string, ObserveReadStream>;
  expiry?: NodeJS.Timeout;
  /** Detaches the device from the downlink bus (credential changes end the registration). */
  detach?: () => Promise<void>;
}

/**
 * Past its lifetime a registration ends (LwM2M 1.1 TS Core §6.2.2: the client updates before it).
 * A little grace covers an update in flight.
 */
function expiryMs(lifetimeSeconds: number): number {
  return lifetimeSeconds * 1000 + Math.min(30_000, Math.max(1_000, lifetimeSeconds * 100));
}

/**
 * The registrations this node holds, by registration id and by device. Each is mirrored in Redis
 * (expiring with it) so the API on any node can show it.
 */
export class RegistrationRegistry {
  private readonly byId = new Map<string, ActiveRegistration>();
  private readonly byDevice = new Map<string, string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly onExpired: (active: ActiveRegistration) => void,
  ) {}

  get(registrationId: string): ActiveRegistration | undefined {
    return this.byId.get(registrationId);
  }

  ofDevice(deviceId: string): ActiveRegistration | undefined {
    const id = this.byDevice.get(deviceId);
    return id === undefined ? undefined : this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): ActiveRegistration[] {
    return [...this.byId.values()];
  }

  /** Adds or refreshes a registration: restarts its lifetime and rewrites its Redis copy. */
  async keep(active: ActiveRegistration): Promise<void> {
    const { registration } = active;
    this.byId.set(registration.registrationId, active);
    this.byDevice.set(registration.deviceId, registration.registrationId);
    clearTimeout(active.expiry);
    const ms = expiryMs(registration.lifetime);
    active.expiry = setTimeout(() => this.onExpired(active), ms);
    active.expiry.unref();
    await this.redis.set(lwm2mRegistrationKey(registration.deviceId), JSON.stringify(registration), "PX", ms);
  }

  /** Forgets a registration and ends its observations; the Redis copy goes unless a newer registration replaced it. */
  async remove(active: ActiveRegistration): Promise<void> {
    const { registrationId, deviceId } = active.registration;
    if (this.byId.get(registrationId) !== active) return;
    this.byId.delete(registrationId);
    clearTimeout(active.expiry);
    for (const stream of active.observations.values()) stream.close(true);
    active.observations.clear();
    if (this.byDevice.get(deviceId) === registrationId) {
      this.byDevice.delete(deviceId);
      // Only this registration's copy: another node may hold a newer registration of the device.
      await this.redis.eval(
        `local current = redis.call("GET", KEYS[1])
         if current and cjson.decode(current).registrationId == ARGV[1] then redis.call("DEL", KEYS[1]) end`,
        1,
        lwm2mRegistrationKey(deviceId),
        registrationId,
      );
    }
  }
}
