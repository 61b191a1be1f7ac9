/** Times console calls (as the browser makes them, with the session cookie) once a second while the campaign runs. */
export function sampleConsoleLatency(baseUrl: string, cookie: string, paths: () => string[]) {
  const samples: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const path of paths()) {
        const started = performance.now();
        try {
          const response = await fetch(`${baseUrl}${path}`, {
            headers: { cookie },
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          if (response.ok) samples.push(performance.now() - started);
          else failures++;
        } catch {
          failures++;
        }
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (p: number) =>
        sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN;
      return { calls: samples.length, failures, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? NaN };
    },
  };
}
