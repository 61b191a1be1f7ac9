import { createWorkspace, hashPassword } from "@industryos/api/testing";
import { createDatabaseClients } from "@industryos/db";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { Stack } from "./web-process.ts";

/**
 * A fresh tenant as sign-up leaves it (created directly: sign-up is confirmed by email), signed in
 * over the REST API (the page's browser context keeps its session cookie), with one device.
 */
export async function signUpWithDevice(
  page: Page,
  stack: Stack,
  names: { email: string; tenant: string; device: string },
) {
  const headers = { origin: stack.url };
  const email = `${names.email}-${Date.now()}@example.test`;
  const password = "a very good password";
  const db = createDatabaseClients({
    appUrl: stack.database.appUrl,
    systemUrl: stack.database.systemUrl,
    poolSize: 1,
  });
  try {
    await createWorkspace(db.system, { email, tenantName: names.tenant, passwordHash: await hashPassword(password) });
  } finally {
    await db.close();
  }
  const login = await page.request.post("/api/v1/auth/login", { data: { email, password }, headers });
  expect(login.status()).toBe(200);
  const device = await page.request.post("/api/v1/devices", { data: { name: names.device }, headers });
  expect(device.status()).toBe(201);
  return {
    tenantId: ((await login.json()) as { user: { tenantId: string } }).user.tenantId,
    deviceId: ((await device.json()) as { id: string }).id,
  };
}
