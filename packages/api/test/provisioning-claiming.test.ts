import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createUser } from "@industryos/db";
import { deviceClaimKey, recordDeviceClaim } from "@industryos/device-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

interface Provisioning {
  strategy: string;
  provisionDeviceKey: string | null;
  provisionDeviceSecret: string | null;
  x509: { caThumbprint: string; subject: string; commonNameRegex: string; allowCreateNewDevices: boolean } | null;
  error?: { code: string; message: string; details?: { path: string[]; message: string }[] };
}
interface Claim {
  status: string;
  device: { id: string; customerId: string | null };
  error?: { code: string; message: string };
}

let h: ApiHarness;
let a: { cookie: string; tenantId: string };
let b: { cookie: string; tenantId: string };
let profileId: string;
let customerId: string;
let otherCustomerId: string;
let viewer: string;
let otherViewer: string;
/** A user of the other customer who only guesses (and gets rate-limited). */
let guesser: string;

/** A self-signed CA and a leaf certificate (not a CA), made with the openssl command line. */
function certificates() {
  const dir = mkdtempSync(join(tmpdir(), "provisioning-ca-"));
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  openssl(
    ..."req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=Fleet-CA".split(" "),
    "-addext",
    "basicConstraints=critical,CA:TRUE",
  );
  openssl(
    ..."req -x509 -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.crt -days 2 -subj /CN=just-a-device".split(" "),
    "-addext",
    "basicConstraints=critical,CA:FALSE",
  );
  return { ca: readFileSync(join(dir, "ca.crt"), "utf8"), leaf: readFileSync(join(dir, "leaf.crt"), "utf8") };
}

async function customerUser(tenantId: string, customer: string) {
  const user = await createUser(h.deps.db.system, {
    tenantId,
    customerId: customer,
    role: "CUSTOMER_USER",
    password: "customer password 1",
  });
  return (await h.call("POST", "/api/v1/auth/login", { body: { email: user.email, password: "customer password 1" } }))
    .sessionCookie!;
}

beforeAll(async () => {
  h = await startApiHarness();
  a = await h.signup("prov-a");
  b = await h.signup("prov-b");
  const post = async (path: string, body: unknown) =>
    (await h.call<{ id: string }>("POST", path, { cookie: a.cookie, body })).body.id;
  profileId = await post("/api/v1/device-profiles", { name: "Field sensors" });
  customerId = await post("/api/v1/customers", { title: "Farm" });
  otherCustomerId = await post("/api/v1/customers", { title: "Orchard" });
  viewer = await customerUser(a.tenantId, customerId);
  otherViewer = await customerUser(a.tenantId, otherCustomerId);
  guesser = await customerUser(a.tenantId, otherCustomerId);
});
afterAll(async () => h?.close());

const provisioning = (method: "GET" | "PUT" | "POST", suffix = "", body?: unknown, cookie = a.cookie) =>
  h.call<Provisioning>(method, `/api/v1/device-profiles/${profileId}/provisioning${suffix}`, { cookie, body });

describe("device profile provisioning settings", () => {
  it("generates a key and secret, keeps them across key-based strategies, regenerates and clears them", async () => {
    expect((await provisioning("GET")).body).toMatchObject({
      strategy: "DISABLED",
      provisionDeviceKey: null,
      provisionDeviceSecret: null,
    });
    const allowed = await provisioning("PUT", "", { strategy: "ALLOW_CREATE_NEW_DEVICES" });
    expect(allowed.status).toBe(200);
    expect(allowed.body.provisionDeviceKey).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(allowed.body.provisionDeviceSecret).toMatch(/^[A-Za-z0-9]{20}$/);
    const checked = await provisioning("PUT", "", { strategy: "CHECK_PRE_PROVISIONED_DEVICES" });
    expect(checked.body).toMatchObject({
      strategy: "CHECK_PRE_PROVISIONED_DEVICES",
      provisionDeviceKey: allowed.body.provisionDeviceKey,
      provisionDeviceSecret: allowed.body.provisionDeviceSecret,
    });
    const regenerated = await provisioning("POST", "/regenerate");
    expect(regenerated.body.provisionDeviceKey).not.toBe(allowed.body.provisionDeviceKey);
    expect(regenerated.body.provisionDeviceSecret).not.toBe(allowed.body.provisionDeviceSecret);
    const profile = await h.deps.db.system.deviceProfile.findUniqueOrThrow({ where: { id: profileId } });
    expect(profile.provisionDeviceKey).toBe(regenerated.body.provisionDeviceKey);

    const disabled = await provisioning("PUT", "", { strategy: "DISABLED" });
    expect(disabled.body).toMatchObject({ provisionDeviceKey: null, provisionDeviceSecret: null });
    expect((await provisioning("POST", "/regenerate")).status).toBe(409);
  });

  it("keys an X.509 chain profile by its CA certificate, once across all tenants", async () => {
    const { ca, leaf } = certificates();
    const set = await provisioning("PUT", "", {
      strategy: "X509_CERTIFICATE_CHAIN",
      caCertificatePem: ca,
      commonNameRegex: "^sensor-(.+)$",
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      strategy: "X509_CERTIFICATE_CHAIN",
      provisionDeviceKey: null,
      x509: { subject: "CN=Fleet-CA", commonNameRegex: "^sensor-(.+)$", allowCreateNewDevices: true },
    });
    const profile = await h.deps.db.system.deviceProfile.findUniqueOrThrow({ where: { id: profileId } });
    expect(profile.provisionDeviceKey).toBe(`x509:${set.body.x509!.caThumbprint}`);

    const bProfile = (
      await h.call<{ id: string }>("POST", "/api/v1/device-profiles", { cookie: b.cookie, body: { name: "B's" } })
    ).body.id;
    const taken = await h.call<Provisioning>("PUT", `/api/v1/device-profiles/${bProfile}/provisioning`, {
      cookie: b.cookie,
      body: { strategy: "X509_CERTIFICATE_CHAIN", caCertificatePem: ca },
    });
    expect(taken.status).toBe(409);

    const notCa = await provisioning("PUT", "", { strategy: "X509_CERTIFICATE_CHAIN", caCertificatePem: leaf });
    expect(notCa.status).toBe(422);
    expect(notCa.body.error?.details).toEqual([
      { path: ["caCertificatePem"], message: "The certificate is not a CA certificate (basicConstraints CA:TRUE)" },
    ]);
    const badPattern = await provisioning("PUT", "", {
      strategy: "X509_CERTIFICATE_CHAIN",
      caCertificatePem: ca,
      commonNameRegex: "(",
    });
    expect(badPattern.status).toBe(422);
  });

  it("is another tenant's 404, and a customer user's 403", async () => {
    expect((await provisioning("GET", "", undefined, b.cookie)).status).toBe(404);
    expect((await provisioning("GET", "", undefined, viewer)).status).toBe(403);
  });
});

describe("claiming a device", () => {
  async function claimable(name: string, secretKey: string) {
    const device = (await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie: a.cookie, body: { name } })).body;
    // What ingest records when the device publishes {"secretKey", "durationMs"} on its claim topic.
    await recordDeviceClaim(h.deps.redis, a.tenantId, device.id, { secretKey, durationMs: 60_000 });
    return device.id;
  }
  const claim = (name: string, secretKey: string, cookie = viewer, ip = "198.51.100.7") =>
    h.call<Claim>("POST", `/api/v1/customer/devices/${encodeURIComponent(name)}/claim`, {
      cookie,
      body: { secretKey },
      ip,
    });

  it("gives the device to the customer user's customer with the right secret, once", async () => {
    const id = await claimable("Soil probe 1", "tiny-secret");
    const claimed = await claim("Soil probe 1", "tiny-secret");
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ status: "SUCCESS", device: { id, customerId } });
    expect(await h.deps.redis.exists(deviceClaimKey(id))).toBe(0);
    const again = await claim("Soil probe 1", "tiny-secret");
    expect(again.body.status).toBe("ALREADY_CLAIMED");
    // The customer user now sees it; the other customer's user does not.
    expect((await h.call("GET", `/api/v1/devices/${id}`, { cookie: viewer })).status).toBe(200);
    expect((await h.call("GET", `/api/v1/devices/${id}`, { cookie: otherViewer })).status).toBe(404);
    expect((await claim("Soil probe 1", "tiny-secret", otherViewer)).status).toBe(404);
  });

  it("answers every failure alike and stops guessing after five", async () => {
    await claimable("Soil probe 2", "right-secret");
    const wrong = await claim("Soil probe 2", "wrong-secret", guesser, "198.51.100.20");
    const unknown = await claim("No such probe", "right-secret", guesser, "198.51.100.20");
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect(wrong.body.error?.message).toBe(unknown.body.error?.message);
    for (let i = 0; i < 3; i++) await claim("Soil probe 2", `guess-${i}`, guesser, "198.51.100.20");
    const limited = await claim("Soil probe 2", "right-secret", guesser, "198.51.100.20");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    // The claim is still there for its rightful owner.
    expect((await claim("Soil probe 2", "right-secret")).body.status).toBe("SUCCESS");
  });

  it("refuses an expired claim and a tenant administrator", async () => {
    const id = await claimable("Soil probe 3", "short-lived");
    await recordDeviceClaim(h.deps.redis, a.tenantId, id, { secretKey: "short-lived", durationMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect((await claim("Soil probe 3", "short-lived")).status).toBe(404);
    await recordDeviceClaim(h.deps.redis, a.tenantId, id, { secretKey: "short-lived", durationMs: 60_000 });
    expect((await claim("Soil probe 3", "short-lived", a.cookie)).status).toBe(403);
  });

  it("releases a claimed device: its customer user or the tenant administrator", async () => {
    const id = await claimable("Soil probe 4", "release-me");
    await claim("Soil probe 4", "release-me");
    const path = `/api/v1/customer/devices/${encodeURIComponent("Soil probe 4")}/claim`;
    expect((await h.call("DELETE", path, { cookie: otherViewer })).status).toBe(404);
    const released = await h.call<{ customerId: string | null }>("DELETE", path, { cookie: viewer });
    expect(released.status).toBe(200);
    expect(released.body.customerId).toBeNull();
    expect((await h.call("DELETE", path, { cookie: a.cookie })).status).toBe(409);
    // Claimable again once the device announces a new claim.
    await recordDeviceClaim(h.deps.redis, a.tenantId, id, { secretKey: "second-time", durationMs: 60_000 });
    expect((await claim("Soil probe 4", "second-time", otherViewer)).body).toMatchObject({
      status: "SUCCESS",
      device: { customerId: otherCustomerId },
    });
    expect((await h.call("DELETE", path, { cookie: a.cookie })).status).toBe(200);
  });

  it("cannot reach another tenant's device", async () => {
    await claimable("Soil probe 5", "tenant-a-secret");
    const bCustomer = (
      await h.call<{ id: string }>("POST", "/api/v1/customers", { cookie: b.cookie, body: { title: "B farm" } })
    ).body.id;
    const bViewer = await customerUser(b.tenantId, bCustomer);
    expect((await claim("Soil probe 5", "tenant-a-secret", bViewer, "198.51.100.40")).status).toBe(404);
  });
});
