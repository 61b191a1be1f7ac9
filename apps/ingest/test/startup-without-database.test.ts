// A database that accepts connections and never answers (a host gone silent) must not keep
// ingest from starting: it listens, and /healthz says what is wrong.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@industryos/runtime";
import { startIngestFromConfig, type IngestWithDatabase } from "../src/app.ts";
import { testIngestConfig } from "./harness.ts";

let silent: Server;
const sockets = new Set<Socket>();
let ingest: IngestWithDatabase | undefined;

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy(); // lets the pools' connection attempts fail
  await ingest?.close().catch(() => undefined);
  await new Promise((resolve) => silent.close(resolve));
});

describe("start-up without an answering database", () => {
  it("starts listening and reports the database on /healthz", async () => {
    const url = `postgresql://industryos@127.0.0.1:${(silent.address() as AddressInfo).port}/industryos`;
    const config = testIngestConfig(`${process.env.REDIS_URL}/18`);
    ingest = await startIngestFromConfig(config, { app: url, system: url }, createLogger("ingest-test", "fatal"));
    const health = await fetch(`http://127.0.0.1:${ingest.ports.http}/healthz`);
    expect(health.status).toBe(503);
    expect(JSON.stringify(await health.json())).toMatch(/postgres/);
  }, 30_000);
});
