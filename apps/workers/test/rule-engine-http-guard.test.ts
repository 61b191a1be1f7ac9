import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError } from "@industryos/rules";
import { createHttpService } from "../src/rules/services/http-service.ts";
import { isPrivateAddress } from "../src/rules/services/private-addresses.ts";
import { webhookServer } from "./support/rule-engine.ts";

let server: Awaited<ReturnType<typeof webhookServer>>;

beforeAll(async () => {
  server = await webhookServer(() => 200);
});
afterAll(() => server?.close());

const post = (url: string) => ({ url, method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

describe("outgoing HTTP of rule chains", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["10.1.2.3", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["::1", true],
    ["::", true],
    ["fd00::1", true],
    ["fe80::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["[::1]", true],
    ["8.8.8.8", false],
    ["172.32.0.1", false],
    ["93.184.215.14", false],
    ["2606:4700:4700::1111", false],
  ])("%s is private: %s", (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it("refuses loopback, private and link-local addresses, given literally or by a name that resolves to one, as permanent failures", async () => {
    const http = createHttpService({ allowPrivateNetworks: false });
    const port = server.port;
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
    ]) {
      const error = await http.send(post(url)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(PermanentError);
      expect((error as Error).message, url).toMatch(/private address: refused/);
    }
    expect(server.bodies).toHaveLength(0);
  });

  it("refuses schemes other than http and https", async () => {
    const http = createHttpService({ allowPrivateNetworks: true });
    await expect(http.send(post("file:///etc/passwd"))).rejects.toBeInstanceOf(PermanentError);
  });

  it("calls them when RULES_ALLOW_PRIVATE_NETWORKS allows it", async () => {
    const http = createHttpService({ allowPrivateNetworks: true });
    const answer = await http.send(post(`http://localhost:${server.port}/hook`));
    expect(answer).toEqual({ status: 200, body: '{"ok":true}' });
    expect(server.bodies).toEqual(["{}"]);
  });

  it("reports a connection that fails as retryable (not a PermanentError)", async () => {
    const http = createHttpService({ allowPrivateNetworks: true, timeoutMs: 2_000 });
    const closed = await webhookServer(() => 200);
    await closed.close();
    const error = await http.send(post(closed.url)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentError);
  });
});
