import { looksLikeJwt } from "./jwt/jwt-shape.ts";
import type { DeviceCredentials } from "./session.ts";

/**
 * The credential in a path's token segment (HTTP, CoAP): a JWT when it has a JWT's shape, an
 * access token otherwise. A CoAP path segment holds at most 255 bytes, which short ES256 and
 * EdDSA tokens fit; longer tokens go as HTTP `Authorization: Bearer` or the MQTT password.
 */
export function tokenCredentials(token: string): DeviceCredentials {
  return looksLikeJwt(token) ? { type: "JWT", token } : { type: "ACCESS_TOKEN", token };
}
