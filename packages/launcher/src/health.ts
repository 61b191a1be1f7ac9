/** Polls each process's /healthz until it answers 200, so "running" in the banner means healthy. */
export async function waitForHealthy(
  urls: Record<string, string>,
  timeoutMs: number,
  log: (m: string) => void,
  cancelled: () => boolean = () => false,
) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Map(Object.entries(urls));
  const lastProblem = new Map<string, string>();
  while (pending.size > 0) {
    for (const [name, url] of pending) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (res.status === 200) pending.delete(name);
        else lastProblem.set(name, `${res.status} ${await res.text()}`);
      } catch (error) {
        lastProblem.set(name, (error as Error).message);
      }
    }
    if (pending.size === 0) break;
    if (cancelled()) throw new Error("stopped while waiting");
    if (Date.now() > deadline) {
      const details = [...pending.keys()].map((n) => `${n}: ${lastProblem.get(n) ?? "no answer"}`).join("; ");
      throw new Error(`not healthy within ${timeoutMs / 1000} s: ${details}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`healthy: ${Object.keys(urls).join(", ")}`);
}
