import type { Client } from "aedes";
import type { V5Acks } from "./v5-acks.ts";

/** MQTT 5 DISCONNECT reason "Maximum connect time": the connection outlived what its credential allows. */
export const MAXIMUM_CONNECT_TIME = 0xa0;

/** setTimeout's longest delay (about 24.8 days); a later expiry is re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes a connection when its credential (a JWT) expires: MQTT 5 clients get DISCONNECT 0xA0
 * with a reason string, MQTT 3.1.1 clients have the connection closed (it has no server
 * DISCONNECT). Returns the cancel function to call when the connection ends first.
 */
export function closeAtExpiry(client: Client, expiresAt: number, v5: V5Acks): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = expiresAt - Date.now();
    if (wait > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS);
    } else {
      timer = setTimeout(() => v5.disconnect(client, MAXIMUM_CONNECT_TIME, "the token expired"), Math.max(0, wait));
    }
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
