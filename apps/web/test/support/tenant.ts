import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Stack } from "./web-process.ts";

/**
 * Signs up a fresh tenant over the REST API (the page's browser context keeps its session
 * cookie) and adds one device to it.
 */
export async function signUpWithDevice(
  page: Page,
  stack: Stack,
  names: { email: string; tenant: string; device: string },
) {
  const headers = { origin: stack.url };
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: {
      email: `${names.email}-${Date.now()}@example.test`,
      password: "a very good password",
      tenantName: names.tenant,
    },
    headers,
  });
  expect(signup.status()).toBe(201);
  const device = await page.request.post("/api/v1/devices", { data: { name: names.device }, headers });
  expect(device.status()).toBe(201);
  return {
    tenantId: ((await signup.json()) as { tenant: { id: string } }).tenant.id,
    deviceId: ((await device.json()) as { id: string }).id,
  };
}
