import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError } from "@industryos/rules";
import { createHttpService } from "../src/rules/services/http-service.ts";
import { webhookServer } from "./support/rule-engine.ts";

let server: Awaited<ReturnType<typeof webhookServer>>;

beforeAll(async () => {
  server = await webhookServer(() => 200);
});
afterAll(() => server?.close());

const post = (url: string) => ({ url, method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

// Which addresses are refused is @industryos/outbound-http's (its address-policy test); here, that chains go through it.
describe("outgoing HTTP of rule chains", () => {
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
      expect((error as Error).message, url).toMatch(/private address: refused|link-local .*always refused/);
    }
    expect(server.bodies).toHaveLength(0);
  });

  it("refuses link-local addresses (cloud metadata) even when RULES_ALLOW_PRIVATE_NETWORKS allows private networks", async () => {
    const http = createHttpService({ allowPrivateNetworks: true });
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/",
      "http://[::ffff:169.254.169.254]/",
    ]) {
      const error = await http.send(post(url)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, url).toBeInstanceOf(PermanentError);
      expect((error as Error).message, url).toMatch(/link-local .*always refused/);
    }
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
