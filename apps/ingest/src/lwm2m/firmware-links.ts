import { randomBytes } from "node:crypto";
import type { DeviceSession } from "../core/session.ts";

/** A package URI stays valid this long: a device on a slow link may take a while to start, or retry. */
const LINK_TTL_SECONDS = 3600;

const key = (token: string) => `lwm2m:firmware-link:${token}`;

/** The two Redis commands links need (any client: a single server or a cluster). */
interface LinkStore {
  set(key: string, value: string, mode: "EX", seconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/** What a package URI's token stands for. */
export interface FirmwareLink {
  session: DeviceSession;
  packageId: string;
}

/** `/fw/{token}`: 32 random bytes, base64url. */
export const FIRMWARE_LINK_PATH = /^\/fw\/([A-Za-z0-9_-]{43})$/;

/**
 * Package URIs (object 5's /5/0/1) for LwM2M devices, which have no token of their own to download
 * with: each names one device's one package by an unguessable token kept in Redis for an hour.
 */
export class FirmwareLinks {
  constructor(
    private readonly redis: LinkStore,
    /** `coap://host:port` where clients reach this LwM2M server. */
    private readonly base: string,
  ) {}

  async issue(link: FirmwareLink): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.redis.set(key(token), JSON.stringify(link), "EX", LINK_TTL_SECONDS);
    return `${this.base}/fw/${token}`;
  }

  async resolve(token: string): Promise<FirmwareLink | null> {
    const json = await this.redis.get(key(token));
    return json === null ? null : (JSON.parse(json) as FirmwareLink);
  }
}
