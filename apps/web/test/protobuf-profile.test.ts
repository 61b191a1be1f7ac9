import mqtt from "mqtt";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";

// Issue 25's protobuf payloads in the console: a tenant admin switches a device profile to Protocol
// Buffers; a schema that does not compile is refused with the compiler's words beside its field; once
// saved, the profile's device publishes protobuf over MQTT and its values read back typed.
vi.setConfig({ testTimeout: 180_000 });

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openConsoleSession({
    stack: { ingest: true },
    context: { viewport: { width: 390, height: 844 } },
    timeout: 30_000,
  });
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

const SCHEMA = `syntax = "proto3";
package telemetry;
message Reading {
  double temperature = 1;
  int64 uptime = 2;
}`;

/** Reading{temperature: 21.0, uptime: 4102444800000} on the wire, written by hand as firmware would. */
function encodeReading(): Buffer {
  const temperature = Buffer.alloc(8);
  temperature.writeDoubleLE(21);
  const varint: number[] = [];
  for (let n = 4_102_444_800_000n; ; n >>= 7n) {
    if (n < 0x80n) {
      varint.push(Number(n));
      break;
    }
    varint.push(Number(n & 0x7fn) | 0x80);
  }
  return Buffer.concat([Buffer.from([0x09]), temperature, Buffer.from([0x10, ...varint])]);
}

describe("a device profile's payload type in the console", () => {
  it("refuses a broken schema beside its field, saves a good one, and the device's protobuf reads back typed", async () => {
    const { deviceId } = await signUpWithDevice(page, stack, {
      email: "proto",
      tenant: "Proto Works",
      device: "Probe",
    });
    await page.goto("/device-profiles");
    await page.getByRole("button", { name: "Payload type of default" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Payload type").selectOption("PROTOBUF");
    // What a gateway of the profile speaks is said where the choice is made.
    await dialog
      .getByText("A gateway of this profile sends ThingsBoard's gateway messages", { exact: false })
      .waitFor();
    await dialog
      .getByLabel("Telemetry schema (.proto)")
      .fill(`syntax = "proto3";\nmessage Reading {\n  double t = 1\n}`);
    await dialog.getByRole("button", { name: "Save" }).click();
    const error = dialog.getByText("illegal token '}', ';' expected (line 4)");
    await error.waitFor();
    await error.scrollIntoViewIfNeeded();
    await screenshot(page, "protobuf-schema-error");

    await dialog.getByLabel("Telemetry schema (.proto)").fill(SCHEMA);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Saved.").waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.getByRole("button", { name: "Payload type of default" }).getByText("Protobuf…").waitFor();

    const credentials = await page.request.get(`/api/v1/devices/${deviceId}/credentials`);
    const { accessToken } = (await credentials.json()) as { accessToken: string };
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      reconnectPeriod: 0,
    });
    try {
      await client.publishAsync("v1/devices/me/telemetry", encodeReading(), { qos: 1 });
    } finally {
      await client.endAsync();
    }
    const latest = await page.request.get(`/api/v1/devices/${deviceId}/telemetry/latest`);
    expect(latest.status()).toBe(200);
    const body = (await latest.json()) as Record<string, { value: unknown }>;
    expect(body.temperature?.value).toBe(21);
    expect(body.uptime?.value).toBe(4_102_444_800_000);
    expect(consoleErrors).toEqual([]);
  });
});
