import type { Aedes, Client } from "aedes";

/**
 * MQTT 3.1.1 persistent sessions (Clean Session = 0) end `expiryMs` after their device
 * disconnects, as MQTT 5 sessions do under the broker's Session Expiry limit.
 *
 * aedes keeps a 3.1.1 persistent session forever. Client ids are the device's to choose, so a
 * device reconnecting under ever new ids would leave a session behind each time, in this
 * process's memory, for as long as it runs. Reconnecting within the expiry resumes the session;
 * past `limit` sessions waiting, a disconnecting device's session ends at once (as aedes'
 * pendingSessionsLimit does for MQTT 5).
 */
export function expireLegacySessions(
  broker: Aedes,
  opts: { expiryMs: number; limit: number; end: (client: Client) => void },
) {
  const waiting = new Map<string, NodeJS.Timeout>();
  const resume = (id: string) => {
    clearTimeout(waiting.get(id));
    waiting.delete(id);
  };

  broker.on("client", (client) => resume(client.id));
  broker.on("clientDisconnect", (client) => {
    if (client.version === 5 || client.clean) return;
    resume(client.id);
    if (waiting.size >= opts.limit) return opts.end(client);
    // A connection under this id clears the timer as it registers, so a timer that fires
    // found no one resuming the session.
    const timer = setTimeout(() => {
      waiting.delete(client.id);
      opts.end(client);
    }, opts.expiryMs);
    timer.unref();
    waiting.set(client.id, timer);
  });
  broker.on("closed", () => {
    for (const timer of waiting.values()) clearTimeout(timer);
    waiting.clear();
  });
}
