import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkDestination,
  createOutboundClient,
  OutboundRefusal,
  OutboundTimeout,
  type Resolve,
} from "../src/index.ts";

/** A local receiver: what it was asked, on how many connections. */
let server: Server;
let port: number;
const requests: { path: string; body: string }[] = [];
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ path: req.url ?? "", body });
      if (req.url === "/redirect") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 1_000);
      } else if (req.url === "/big") {
        res.end("x".repeat(100_000));
      } else res.end('{"ok":true}');
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (url: string) => ({ url, method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as Error,
  );

/** Answers names as a DNS server holding these records would (the system resolver knows only localhost here). */
const records =
  (table: Record<string, string[]>): Resolve =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("outbound requests", () => {
  it("refuses loopback, given literally or by a name, unless private networks are allowed", async () => {
    const closed = createOutboundClient({ allowPrivateNetworks: false });
    for (const url of [
      `http://127.0.0.1:${port}/a`,
      `http://localhost:${port}/a`,
      `http://[::ffff:127.0.0.1]:${port}/a`,
      `http://2130706433:${port}/a`,
    ]) {
      const error = await failure(closed.send(post(url)));
      expect(error, url).toBeInstanceOf(OutboundRefusal);
      expect(error?.message, url).toMatch(/private address: refused/);
    }
    expect(requests).toHaveLength(0);

    const open = createOutboundClient({ allowPrivateNetworks: true });
    const answer = await open.send(post(`http://localhost:${port}/a`));
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}', truncated: false });
    expect(requests.map((r) => r.body)).toEqual(["{}"]);
  });

  it("never reaches link-local addresses, even with private networks allowed: literally, after DNS resolution, after a redirect", async () => {
    const resolve = records({
      "metadata.example.test": ["169.254.169.254"],
      // One good address does not make up for a bad one: the name is refused as a whole.
      "mixed.example.test": ["93.184.215.14", "fe80::1"],
      "receiver.example.test": ["127.0.0.1"],
    });
    const client = createOutboundClient({ allowPrivateNetworks: true, resolve });
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://metadata.example.test/latest/meta-data/",
      "http://mixed.example.test/",
    ]) {
      const error = await failure(client.send(post(url)));
      expect(error, url).toBeInstanceOf(OutboundRefusal);
      expect(error?.message, url).toMatch(/link-local .*always refused/);
    }
    // A redirect is answered, not followed: the metadata address is never asked.
    const seen = requests.length;
    const redirected = await client.send(post(`http://receiver.example.test:${port}/redirect`));
    expect(redirected.status).toBe(302);
    expect(redirected.headers.location).toBe("http://169.254.169.254/latest/meta-data/");
    expect(requests.slice(seen).map((r) => r.path)).toEqual(["/redirect"]);
  });

  it("refuses schemes other than http and https, and what is not a URL", async () => {
    const client = createOutboundClient({ allowPrivateNetworks: true });
    expect(await failure(client.send(post("file:///etc/passwd")))).toBeInstanceOf(OutboundRefusal);
    expect(await failure(client.send(post("not a url")))).toBeInstanceOf(OutboundRefusal);
  });

  it("keeps connections alive across requests when asked to", async () => {
    const client = createOutboundClient({ allowPrivateNetworks: true, keepAlive: true, maxSocketsPerOrigin: 1 });
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await client.send(post(`http://127.0.0.1:${port}/k`))).status).toBe(200);
    expect(connections - before).toBe(1);
    client.close();
  });

  it("gives up after the deadline, and cuts long answers", async () => {
    const client = createOutboundClient({ allowPrivateNetworks: true, timeoutMs: 200, maxResponseBytes: 1_000 });
    expect(await failure(client.send(post(`http://127.0.0.1:${port}/slow`)))).toBeInstanceOf(OutboundTimeout);
    const big = await client.send(post(`http://127.0.0.1:${port}/big`));
    expect(big).toMatchObject({ status: 200, truncated: true });
    expect(big.body).toHaveLength(1_000);
  });

  it("answers a saved URL's check by its resolved addresses; a name that does not resolve yet passes", async () => {
    const resolve = records({ "metadata.example.test": ["169.254.169.254"] });
    const policy = { allowPrivateNetworks: false };
    await expect(checkDestination("http://metadata.example.test/", policy, resolve)).rejects.toThrow(/link-local/);
    await expect(checkDestination("http://10.0.0.1/", policy, resolve)).rejects.toThrow(/private address/);
    await expect(checkDestination("ftp://example.test/", policy, resolve)).rejects.toThrow(/use http or https/);
    await expect(checkDestination("https://unknown.example.test/", policy, resolve)).resolves.toBeInstanceOf(URL);
  });
});
