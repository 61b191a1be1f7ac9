/**
 * Alarms at known moments, so alarm → notification is measured on every run: the load's own
 * over-limit messages come at a device's 100th message, which a short run at a modest rate never
 * reaches. Each probe device (seeded with the tenants, left out of the load) sends one over-limit
 * temperature through ingest's HTTP device API; the chain raises its alarm, whose `alarm.created`
 * webhook the receiver times. The probes are spread evenly over `spreadMs`.
 */
export function startAlarmProbes(options: {
  ingestUrl: string;
  tokens: string[];
  spreadMs: number;
  temperature: number;
}) {
  let sent = 0;
  let failed = 0;
  const gap = options.tokens.length > 0 ? options.spreadMs / options.tokens.length : 0;
  const timers = options.tokens.map((token, i) =>
    setTimeout(() => {
      void fetch(`${options.ingestUrl}/api/v1/${token}/telemetry`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ temperature: options.temperature }),
      })
        .then((response) => (response.ok ? sent++ : failed++))
        .catch(() => failed++);
    }, i * gap),
  );
  return {
    /** Probes sent (answered 200) and refused so far. */
    counts: () => ({ sent, failed }),
    stop: () => timers.forEach(clearTimeout),
  };
}
