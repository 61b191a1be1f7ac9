import { readFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";

/** Resolves true when something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export async function waitForPort(port: number, host = "127.0.0.1", timeoutMs = 30_000, what = `port ${port}`) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(port, host)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not open on ${host}:${port} within ${timeoutMs} ms`);
}

/** Resolves the port a listener got, or null when `port` cannot be bound on 127.0.0.1. */
function bindOnce(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : null));
    });
  });
}

/**
 * Where freePort draws from: below the kernel's ephemeral range. A port from that range (what
 * listen(0) gives) can be taken as the source port of an outgoing connection between the
 * moment it is picked and the moment its server binds it; with a thousand simulated devices
 * connecting, bench/ingest saw exactly that (EADDRINUSE).
 */
function portRange(): [number, number] | null {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return low !== undefined && low > 12_000 ? [10_000, low - 1] : null;
  } catch {
    return null;
  }
}
const range = portRange();

/** A free TCP port on 127.0.0.1, outside the ephemeral range when the kernel says where that is. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; range && attempt < 50; attempt++) {
    const port = await bindOnce(range[0] + Math.floor(Math.random() * (range[1] - range[0] + 1)));
    if (port !== null) return port;
  }
  const port = await bindOnce(0);
  if (port === null) throw new Error("no free port");
  return port;
}
