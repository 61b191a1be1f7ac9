// The containers' HEALTHCHECK: exits 0 when GET /healthz on this container answers 2xx within the
// timeout, 1 otherwise. Slim Node images carry neither curl nor wget, and Node 20 has fetch.
// Usage: node healthcheck.mjs <PORT_VARIABLE> <default port>, e.g. `node healthcheck.mjs WEB_PORT 3000`:
// the port is read from the same variable the app listens on, so a changed port keeps its check.
const [variable, fallback] = process.argv.slice(2);
const port = (variable && process.env[variable]) || fallback;
const url = `http://127.0.0.1:${port}/healthz`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) {
    console.error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    process.exit(1);
  }
  process.exit(0);
} catch (error) {
  console.error(`${url} did not answer: ${error.cause?.message ?? error.message}`);
  process.exit(1);
}
