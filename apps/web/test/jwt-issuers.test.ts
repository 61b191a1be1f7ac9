import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import mqtt from "mqtt";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";

// Issue 25's OAuth 2.0 device credentials in the console: a tenant admin registers a JWT issuer (a
// loopback JWKS URL refused beside its field first, then the issuer's public key pasted as a static JWKS),
// gives a device JWT credentials, and the device logs in over MQTT with a token signed by that key; the
// issuer is deleted through the console's confirm dialog.
vi.setConfig({ testTimeout: 180_000 });

const ISSUER = "https://login.jwt-works.test/";

let session: ConsoleSession;
let page: Page;
/** The page's script errors and native dialogs: none expected. */
let consoleErrors: string[];
let deviceId = "";
let privateKey: KeyObject;
let publicJwk: Record<string, unknown>;

/** An EdDSA JWT made with Node's crypto: Ed25519 signatures are the JWS signature bytes as they are. */
function edDsaJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part({ alg: "EdDSA", kid: "console-1", typ: "JWT" })}.${part(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString("base64url")}`;
}

beforeAll(async () => {
  const pair = generateKeyPairSync("ed25519");
  privateKey = pair.privateKey;
  publicJwk = { ...pair.publicKey.export({ format: "jwk" }), kid: "console-1", alg: "EdDSA" };
  session = await openConsoleSession({ stack: { ingest: true }, timeout: 60_000 });
  ({ page, consoleErrors } = session);
  ({ deviceId } = await signUpWithDevice(page, session.stack, { email: "jwt", tenant: "JWT Works", device: "Press" }));
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("JWT issuers in the console", () => {
  it("registers an issuer, refusing a loopback JWKS URL beside its field", async () => {
    await page.goto("/settings");
    await page.getByRole("link", { name: "Manage JWT issuers" }).click();
    await page.getByText("No JWT issuers").waitFor();
    await page.getByRole("button", { name: "Add issuer" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a JWT issuer" });
    await dialog.getByLabel("Issuer").fill(ISSUER);
    await dialog.getByLabel("Audience").fill("presses");
    await dialog.getByLabel("JWKS URL").fill("http://127.0.0.1:9/jwks.json");
    await dialog.getByRole("button", { name: "Add issuer" }).click();
    // The outbound guard's refusal, in words beside the field; nothing was created.
    await dialog.getByText(/loopback|private/i).waitFor();
    await screenshot(page, "jwt-issuers-field-error");

    await dialog.getByLabel("Signing keys").selectOption("keys");
    await dialog.getByLabel("Public keys (JWKS)").fill(JSON.stringify({ keys: [publicJwk] }));
    await dialog.getByRole("button", { name: "Add issuer" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row", { name: new RegExp(ISSUER.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")) });
    await row.getByText("1 static key(s)").waitFor();
    await row.getByText("presses").waitFor();
    await screenshot(page, "jwt-issuers-list");
  });

  it("gives a device JWT credentials, and the device logs in over MQTT with a token of the issuer", async () => {
    await page.goto(`/devices/${deviceId}`);
    await page.getByRole("button", { name: "Use other credentials…" }).click();
    await page.getByLabel("Credentials type").selectOption("JWT");
    await page.getByLabel("Subject").fill("press-42");
    await page.getByRole("button", { name: "Replace credentials" }).click();
    await page.getByText(/device claim is “press-42”/).waitFor();

    const now = Math.floor(Date.now() / 1000);
    const token = edDsaJwt({ iss: ISSUER, aud: "presses", sub: "press-42", exp: now + 300 });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${session.stack.mqttPort}`, {
      username: "any",
      password: token,
      reconnectPeriod: 0,
    });
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ force: 120 }), { qos: 1 });
    await client.endAsync();
    const latest = await page.request.get(`/api/v1/devices/${deviceId}/telemetry/latest`);
    expect(JSON.stringify(await latest.json())).toContain("force");
    // A token for another audience is refused.
    const wrong = edDsaJwt({ iss: ISSUER, aud: "others", sub: "press-42", exp: now + 300 });
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${session.stack.mqttPort}`, {
        username: "any",
        password: wrong,
        reconnectPeriod: 0,
      }),
    ).rejects.toMatchObject({ code: 5 });
  });

  it("deletes the issuer through the console's confirm dialog", async () => {
    await page.goto("/settings/jwt-issuers");
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: /Delete the issuer/ });
    await confirm.getByRole("button", { name: "Delete issuer" }).click();
    await page.getByText("No JWT issuers").waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it("is usable on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/settings/jwt-issuers");
    await page.getByRole("button", { name: "Add issuer" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a JWT issuer" });
    const box = await dialog.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await screenshot(page, "jwt-issuers-phone");
  });
});
