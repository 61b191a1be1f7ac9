import { createDevice, mqttBasicCredentialsId } from "@industryos/db";
import { lazyTemporalClient } from "@industryos/temporal-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishBulkJob } from "../src/services/bulk-jobs/run/finish-bulk-job.ts";
import { runBulkJobBatch } from "../src/services/bulk-jobs/run/run-batch.ts";
import type { BulkJobView } from "../src/services/bulk-jobs/schemas.ts";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "../src/testing/api-harness.ts";

type Job = BulkJobView & { error?: { code: string; message: string; details?: unknown } };
interface Items {
  data: {
    index: number;
    key: string;
    action: string | null;
    status: string;
    error: string | null;
    issues: { column: string | null; message: string }[];
    resultId: string | null;
  }[];
  total: number;
}

let h: ApiHarness;
let a: { cookie: string; tenantId: string };
let b: { cookie: string; tenantId: string };
let customerId: string;

const STRONG = "Tok3n-for-imported-device-1";

beforeAll(async () => {
  // Nothing listens on port 1: starting a job must fail cleanly, leaving it VALIDATED.
  h = await startApiHarness({
    temporal: lazyTemporalClient({ address: "127.0.0.1:1", namespace: "default", taskQueue: "bulk-test" }),
  });
  a = await h.signup("bulk-a");
  b = await h.signup("bulk-b");
  customerId = (
    await h.call<{ id: string }>("POST", "/api/v1/customers", { cookie: a.cookie, body: { title: "Acme" } })
  ).body.id;
  await h.call("POST", "/api/v1/devices", { cookie: a.cookie, body: { name: "Existing pump", type: "pump" } });
});
afterAll(async () => h?.close());

const importCsv = (csv: string, extra: Record<string, unknown> = {}, cookie = a.cookie) =>
  h.call<Job>("POST", "/api/v1/bulk-jobs/device-import", { cookie, body: { csv, ...extra } });

async function devicesNamed(tenantId: string, names: string[]) {
  return h.deps.db.forTenant(tenantId).device.findMany({
    where: { name: { in: names } },
    include: { credentials: true, profile: true, customer: true },
  });
}

/** Runs the job's items as the workers' workflow does (batch after batch), without Temporal. */
async function runToEnd(tenantId: string, jobId: string) {
  await h.deps.db.forTenant(tenantId).bulkJob.update({ where: { id: jobId }, data: { status: "RUNNING" } });
  while ((await runBulkJobBatch(h.deps, { tenantId, jobId }, { limit: 3 })) === "MORE");
  return finishBulkJob(h.deps, { tenantId, jobId });
}

describe("device CSV import", () => {
  const csv = [
    "name,type,label,profile,customer,credentialsValue,shared:targetTemperature,server:serial",
    `Boiler 1,boiler,Cellar,default,Acme,${STRONG},21.5,SN-1`,
    "Boiler 2,boiler,,,,,22,SN-2",
    ",boiler,,,,,,",
    "Boiler 3,boiler,,No such profile,,,,",
    "Boiler 2,boiler,,,,,,",
    "Boiler 4,boiler,,,Nobody,short,,",
    "Existing pump,pump,,,,,,",
  ].join("\n");

  it("reports what each row would do and writes no device", async () => {
    const job = await importCsv(csv);
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body).toMatchObject({ type: "DEVICE_IMPORT", status: "VALIDATED", total: 7, invalid: 5, processed: 0 });
    expect(job.body.report).toMatchObject({ rows: 7, create: 2, update: 0, invalid: 5, ignoredColumns: [] });
    const byRow = Object.fromEntries(job.body.report.errors!.map((e) => [e.row, e.issues]));
    expect(byRow[3]).toEqual([{ column: "name", message: "Name the device" }]);
    expect(byRow[4]).toEqual([{ column: "profile", message: 'No device profile is named "No such profile"' }]);
    expect(byRow[5]).toEqual([{ column: "name", message: "Row 2 has the same name" }]);
    expect(byRow[6]).toEqual(
      expect.arrayContaining([
        { column: "customer", message: 'No customer is titled "Nobody"' },
        expect.objectContaining({ column: "credentialsValue" }),
      ]),
    );
    expect(byRow[7]?.[0]?.message).toMatch(/A device with this name exists/);
    expect(await devicesNamed(a.tenantId, ["Boiler 1", "Boiler 2"])).toEqual([]);

    const skipped = await h.call<Items>("GET", `/api/v1/bulk-jobs/${job.body.id}/items?status=SKIPPED`, {
      cookie: a.cookie,
    });
    expect(skipped.body.total).toBe(5);
    expect(skipped.body.data.map((i) => i.index)).toEqual([3, 4, 5, 6, 7]);
    const runnable = await h.call<Items>("GET", `/api/v1/bulk-jobs/${job.body.id}/items?status=PENDING`, {
      cookie: a.cookie,
    });
    expect(runnable.body.data.map((i) => [i.key, i.action])).toEqual([
      ["Boiler 1", "create"],
      ["Boiler 2", "create"],
    ]);
  });

  it("creates the devices with their profile, customer, credentials and attributes when run", async () => {
    const job = await importCsv(csv);
    const done = await runToEnd(a.tenantId, job.body.id);
    expect(done).toMatchObject({ status: "COMPLETED", processed: 2, succeeded: 2, failed: 0, progress: 100 });
    const [one, two] = await devicesNamed(a.tenantId, ["Boiler 1", "Boiler 2"]).then((d) =>
      d.sort((x, y) => x.name.localeCompare(y.name)),
    );
    expect(one).toMatchObject({ type: "boiler", label: "Cellar", customerId });
    expect(one!.profile.name).toBe("default");
    expect(one!.credentials).toEqual([expect.objectContaining({ type: "ACCESS_TOKEN", credentialsId: STRONG })]);
    expect(two!.credentials[0]!.credentialsId).toMatch(/^[A-Za-z0-9]{20}$/);
    const attributes = await h.call<{ key: string; value: unknown; scope: string }[]>(
      "GET",
      `/api/v1/devices/${one!.id}/attributes`,
      { cookie: a.cookie },
    );
    expect(attributes.body.map(({ key, value, scope }) => ({ key, value, scope }))).toEqual(
      expect.arrayContaining([
        { key: "targetTemperature", value: 21.5, scope: "SHARED" },
        { key: "serial", value: "SN-1", scope: "SERVER" },
      ]),
    );
    // Running the finished job again changes nothing.
    expect(await runBulkJobBatch(h.deps, { tenantId: a.tenantId, jobId: job.body.id }, { limit: 10 })).toBe("DONE");
  });

  it("updates existing devices by name when asked, with MQTT credentials whose password is hashed and not kept", async () => {
    const csvUpdate =
      "name,label,mqttClientId,mqttUsername,mqttPassword\nExisting pump,Roof,pump-1,pump,pump-password-1";
    const job = await importCsv(csvUpdate, { updateExisting: true });
    expect(job.body.report).toMatchObject({ create: 0, update: 1, invalid: 0 });
    await runToEnd(a.tenantId, job.body.id);
    const [pump] = await devicesNamed(a.tenantId, ["Existing pump"]);
    expect(pump).toMatchObject({ label: "Roof", type: "pump" });
    expect(pump!.credentials[0]).toMatchObject({ type: "MQTT_BASIC", mqttClientId: "pump-1", mqttUsername: "pump" });
    expect(pump!.credentials[0]!.mqttPasswordHash).toMatch(/^\$argon2id\$/);
    const item = await h.deps.db.forTenant(a.tenantId).bulkJobItem.findFirstOrThrow({ where: { jobId: job.body.id } });
    expect(JSON.stringify(item.data)).not.toContain("pump-password-1");
  });

  it("fails a row whose name was taken after validation, and only that row", async () => {
    const job = await importCsv("name\nLate 1\nLate 2");
    await h.call("POST", "/api/v1/devices", { cookie: a.cookie, body: { name: "Late 1" } });
    const done = await runToEnd(a.tenantId, job.body.id);
    expect(done).toMatchObject({ status: "COMPLETED", succeeded: 1, failed: 1 });
    const items = await h.call<Items>("GET", `/api/v1/bulk-jobs/${job.body.id}/items`, { cookie: a.cookie });
    expect(items.body.data.map((i) => [i.key, i.status, i.error])).toEqual([
      ["Late 1", "FAILED", "A device with this name exists"],
      ["Late 2", "SUCCEEDED", null],
    ]);
  });

  it("stops trying credentials other tenants hold after five such rows in an hour", async () => {
    // Tenant B's devices hold these MQTT client ids and user names; A cannot learn that row by row.
    for (let i = 0; i < 7; i++) {
      const { credential } = await createDevice(h.deps.db.system, { tenantId: b.tenantId, name: `B gate ${i}` });
      await h.deps.db.system.deviceCredential.update({
        where: { id: credential.id },
        data: {
          type: "MQTT_BASIC",
          credentialsId: mqttBasicCredentialsId(`gate-${i}`, "gate"),
          mqttClientId: `gate-${i}`,
          mqttUsername: "gate",
        },
      });
    }
    const csv = [
      "name,mqttClientId,mqttUsername,mqttPassword",
      ...Array.from({ length: 7 }, (_, i) => `Probe ${i},gate-${i},gate,probe-password`),
      "Probe plain,,,",
    ].join("\n");
    const job = await importCsv(csv);
    expect(job.body.report).toMatchObject({ create: 8, invalid: 0 });
    const done = await runToEnd(a.tenantId, job.body.id);
    expect(done).toMatchObject({ succeeded: 1, failed: 7 });
    const items = await h.call<Items>("GET", `/api/v1/bulk-jobs/${job.body.id}/items?status=FAILED`, {
      cookie: a.cookie,
    });
    const errors = items.body.data.map((i) => i.error);
    expect(errors.slice(0, 5)).toEqual(Array(5).fill("These credentials cannot be used; choose others"));
    expect(errors.slice(5)).toEqual(Array(2).fill(expect.stringMatching(/^Not tried: too many rows/)));
  });

  it("takes the file as text/csv and as a multipart form, with a mapping", async () => {
    const post = (body: string | FormData, contentType?: string) =>
      h.api.rest(
        new Request(new URL("/api/v1/bulk-jobs/device-import", TEST_ORIGIN), {
          method: "POST",
          headers: { cookie: a.cookie, origin: TEST_ORIGIN, ...(contentType ? { "content-type": contentType } : {}) },
          body,
        }),
      );
    const asCsv = await post("name;Art\nCsv 1;x\n", "text/csv; charset=utf-8");
    expect(asCsv.status).toBe(201);
    expect(((await asCsv.json()) as Job).report).toMatchObject({ create: 1, ignoredColumns: ["Art"] });

    const form = new FormData();
    form.set(
      "mapping",
      JSON.stringify([
        { column: "Device", target: "name" },
        { column: "Art", target: "type" },
      ]),
    );
    form.set("file", new Blob(["Device,Art\nForm 1,x\n"], { type: "text/csv" }), "devices.csv");
    const asForm = await post(form);
    const body = (await asForm.json()) as Job;
    expect(asForm.status, JSON.stringify(body)).toBe(201);
    expect(body.report.columns).toEqual([
      { column: "Device", target: "name" },
      { column: "Art", target: "type" },
    ]);
  });

  it("refuses a file it cannot read, in words", async () => {
    const noName = await importCsv("label\nx");
    expect(noName.status).toBe(422);
    expect(noName.body.error?.message).toMatch(/No column holds the device name/);
    const broken = await importCsv('name\n"unterminated');
    expect(broken.status).toBe(422);
    expect(broken.body.error?.message).toMatch(/not valid CSV/);
  });
});

describe("starting and cancelling", () => {
  it("answers 503 and keeps the job VALIDATED when the workers' scheduler does not answer", async () => {
    const job = await importCsv("name\nNever started");
    const started = await h.call<Job>("POST", `/api/v1/bulk-jobs/${job.body.id}/start`, { cookie: a.cookie });
    expect(started.status).toBe(503);
    const now = await h.call<Job>("GET", `/api/v1/bulk-jobs/${job.body.id}`, { cookie: a.cookie });
    expect(now.body.status).toBe("VALIDATED");
  });

  it("cancels a validated job, which then cannot start", async () => {
    const job = await importCsv("name\nCancelled 1");
    const cancelled = await h.call<Job>("POST", `/api/v1/bulk-jobs/${job.body.id}/cancel`, { cookie: a.cookie });
    expect(cancelled.body).toMatchObject({ status: "CANCELLED" });
    expect(cancelled.body.finishedAt).not.toBeNull();
    const started = await h.call<Job>("POST", `/api/v1/bulk-jobs/${job.body.id}/start`, { cookie: a.cookie });
    expect(started.status).toBe(409);
  });
});

describe("bulk actions over a selection", () => {
  it("sets attributes on the selected devices and refuses unknown ids as rows", async () => {
    const ids = (await devicesNamed(a.tenantId, ["Boiler 1", "Boiler 2"])).map((d) => d.id);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const job = await h.call<Job>("POST", "/api/v1/bulk-jobs/attributes", {
      cookie: a.cookie,
      body: { selection: { deviceIds: [...ids, unknown] }, scope: "SERVER", values: { zone: "north" } },
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body).toMatchObject({ type: "ATTRIBUTE_UPDATE", total: 3, invalid: 1 });
    await runToEnd(a.tenantId, job.body.id);
    const zones = await h.deps.db
      .forTenant(a.tenantId)
      .attribute.findMany({ where: { entityId: { in: ids }, key: "zone" }, select: { stringValue: true } });
    expect(zones).toEqual([{ stringValue: "north" }, { stringValue: "north" }]);
  });

  it("queues a one-way RPC per device, once even when an item runs twice", async () => {
    const [device] = await devicesNamed(a.tenantId, ["Boiler 1"]);
    const job = await h.call<Job>("POST", "/api/v1/bulk-jobs/rpc", {
      cookie: a.cookie,
      body: { selection: { deviceIds: [device!.id] }, method: "reboot", params: { delay: 5 } },
    });
    await runToEnd(a.tenantId, job.body.id);
    const requests = await h.deps.db
      .forTenant(a.tenantId)
      .rpcRequest.findMany({ where: { deviceId: device!.id, method: "reboot" } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ oneway: true, status: "QUEUED", params: { delay: 5 } });
  });

  it("deletes a filter's devices only with the count confirmed", async () => {
    await importCsv("name,type\nDoomed 1,doomed\nDoomed 2,doomed").then((j) => runToEnd(a.tenantId, j.body.id));
    const body = { selection: { filter: { type: "doomed" } } };
    const unconfirmed = await h.call<Job>("POST", "/api/v1/bulk-jobs/delete", { cookie: a.cookie, body });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.error?.message).toMatch(/deletes 2 devices/);
    const job = await h.call<Job>("POST", "/api/v1/bulk-jobs/delete", {
      cookie: a.cookie,
      body: { ...body, confirm: 2 },
    });
    expect(job.status).toBe(201);
    await runToEnd(a.tenantId, job.body.id);
    expect(await devicesNamed(a.tenantId, ["Doomed 1", "Doomed 2"])).toEqual([]);
  });
});

describe("another tenant", () => {
  it("gets 404 for the job and cannot select the devices", async () => {
    const job = await importCsv("name\nA only");
    for (const [method, path] of [
      ["GET", `/api/v1/bulk-jobs/${job.body.id}`],
      ["GET", `/api/v1/bulk-jobs/${job.body.id}/items`],
      ["POST", `/api/v1/bulk-jobs/${job.body.id}/start`],
      ["POST", `/api/v1/bulk-jobs/${job.body.id}/cancel`],
    ] as const) {
      expect((await h.call(method, path, { cookie: b.cookie })).status).toBe(404);
    }
    const list = await h.call<{ data: { id: string }[] }>("GET", "/api/v1/bulk-jobs", { cookie: b.cookie });
    expect(list.body.data.map((j) => j.id)).not.toContain(job.body.id);
    const [device] = await devicesNamed(a.tenantId, ["Boiler 1"]);
    const attempt = await h.call<Job>("POST", "/api/v1/bulk-jobs/delete", {
      cookie: b.cookie,
      body: { selection: { deviceIds: [device!.id] } },
    });
    expect(attempt.status).toBe(422);
    expect(attempt.body.error?.message).toBe("The selection names no device");
  });
});
