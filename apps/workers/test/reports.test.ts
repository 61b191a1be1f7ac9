import { randomUUID } from "node:crypto";
import { startApiHarness, startResendServer, TEST_ORIGIN, type ApiHarness } from "@industryos/api/testing";
import { freePort, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { lazyTemporalClient, type LazyTemporalClient } from "@industryos/temporal-client";
import {
  reportScheduleId,
  reportScheduleOptions,
  type ReportScheduleTiming,
} from "@industryos/temporal-client/workflows/reports";
import { ScheduleNotFoundError, type Client } from "@temporalio/client";
import { NativeConnection, type Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileReportSchedules } from "../src/reports/reconcile-report-schedules.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/**
 * Scheduled reports end to end on the real Temporal server (the CLI's dev server: the Java test server has no
 * schedules): the API writes each schedule's Temporal Schedule, "run now" and the schedule's own action run the
 * report on our worker, which reads seeded telemetry, writes CSVs into the run and emails them through the real
 * `resend` SDK to a local server that speaks Resend's API.
 */
describe("scheduled reports", () => {
  const taskQueue = `reports-${randomUUID()}`;
  let server: TemporalDevServer;
  let temporal: LazyTemporalClient;
  let client: Client;
  let h: ApiHarness;
  let resend: Awaited<ReturnType<typeof startResendServer>>;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let admin: { cookie: string; tenantId: string };
  let other: { cookie: string };
  let dashboardId: string;

  // Seeded times: on 5-second bucket boundaries (the charts' aggregation for a one-hour range), 30 and 20
  // minutes ago, so they fall inside the report's last hour whenever the run starts.
  const now = Date.now();
  const T = Math.floor((now - 30 * 60_000) / 5_000) * 5_000;
  const H1 = T + 5 * 60_000;
  const H2 = T + 15 * 60_000;

  /** What the CSV's time column should say in Asia/Kolkata (+05:30 all year). */
  const kolkata = (ts: number) => `${new Date(ts + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;

  const post = async <T = { id: string }>(path: string, body: unknown, cookie = admin.cookie) => {
    const res = await h.call<T>("POST", path, { cookie, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  async function download(path: string, cookie: string) {
    const res = await h.api.rest(new Request(new URL(path, TEST_ORIGIN), { headers: { cookie } }), {});
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  }

  type Run = {
    id: string;
    status: string;
    trigger: string;
    files: Array<{ name: string; rows: number }>;
    error: string | null;
  };

  /** Polls the runs list (as the console does) until the run has finished. */
  async function finished(scheduleId: string, match: (run: Run) => boolean): Promise<Run> {
    for (let i = 0; i < 300; i++) {
      const runs = await h.call<{ data: Run[] }>("GET", `/api/v1/report-schedules/${scheduleId}/runs`, {
        cookie: admin.cookie,
      });
      const run = runs.body.data.find(match);
      if (run && run.status !== "RUNNING") return run;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the report run did not finish within 60 s");
  }

  const schedule = (body: Record<string, unknown>) =>
    post<{ id: string }>("/api/v1/report-schedules", {
      dashboardId,
      frequency: "DAILY",
      timeOfDay: "07:00",
      timeZone: "Asia/Kolkata",
      rangeHours: 1,
      recipients: ["ops@example.test", "lead@example.test"],
      ...body,
    });

  beforeAll(async () => {
    quietTemporalLogs();
    server = await startTemporalDevServer({ port: await freePort(), log: () => {} });
    resend = await startResendServer();
    temporal = lazyTemporalClient({ address: server.address, namespace: "default", taskQueue });
    h = await startApiHarness({ temporal });
    client = await temporal.get();
    connection = await NativeConnection.connect({ address: server.address });
    worker = await createWorker({
      connection,
      taskQueue,
      deps: {
        devices: new InMemoryDeviceStore(),
        reports: {
          db: h.deps.db,
          telemetry: h.deps.telemetry,
          email: {
            from: "Reports <reports@industryos.test>",
            resendApiKey: resend.apiKey,
            resendBaseUrl: resend.baseUrl,
          },
        },
      },
    });
    running = worker.run();

    admin = await h.signup("reports");
    other = await h.signup("other");
    const boiler = await post<{ id: string; profileId: string }>("/api/v1/devices", { name: "Boiler" });
    const chiller = await post<{ id: string }>("/api/v1/devices", { name: "Chiller" });
    await post(`/api/v1/devices/${boiler.id}/telemetry`, [
      { ts: now - 2 * 3_600_000, values: { temperature: 99 } }, // before the range: never reported
      { ts: T, values: { temperature: 20 } },
      { ts: T + 1_000, values: { temperature: 21 } }, // same 5 s bucket: averaged to 20.5
      { ts: T + 10 * 60_000, values: { temperature: 22.24 } }, // one decimal, as the widget shows it: 22.2
    ]);
    await post(`/api/v1/devices/${chiller.id}/telemetry`, [
      { ts: H1, values: { humidity: 40 } },
      { ts: H2, values: { humidity: 41.5 } },
    ]);
    const widgets = [
      {
        id: "chart",
        title: "Boiler temperature",
        kind: "timeseries",
        chart: "line",
        source: { type: "device", deviceId: boiler.id },
        keys: [{ key: "temperature", label: "Temperature", unit: "°C", decimals: 1 }],
      },
      {
        id: "fleet",
        title: "Fleet humidity",
        kind: "table",
        source: { type: "devicesOfProfile", deviceProfileId: boiler.profileId },
        keys: [{ key: "humidity", label: "Humidity", unit: "%" }],
        thresholds: [],
      },
      { id: "note", title: "Notes", kind: "markdown", text: "Shift notes" },
      {
        id: "unset",
        title: "Unset",
        kind: "value",
        source: { type: "device", deviceId: "" },
        keys: [{ key: "temperature" }],
        thresholds: [],
      },
    ];
    const layout = [
      { i: "chart", x: 0, y: 0, w: 6, h: 4 },
      { i: "fleet", x: 6, y: 0, w: 6, h: 4 },
      { i: "note", x: 0, y: 4, w: 6, h: 2 },
      { i: "unset", x: 6, y: 4, w: 3, h: 2 },
    ];
    dashboardId = (
      await post("/api/v1/dashboards", {
        title: "Plant",
        configuration: { version: 1, widgets, layout, timeWindow: { type: "realtime", lastMs: 3_600_000 } },
      })
    ).id;
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await connection?.close();
    await h?.close();
    await resend?.close();
    await server?.stop();
  });

  const boilerChart =
    "time,device,Temperature (°C)\r\n" +
    `${kolkata(T)},Boiler,20.5\r\n` +
    `${kolkata(T + 10 * 60_000)},Boiler,22.2\r\n`;
  const fleetTable = "device,time,Humidity (%)\r\n" + "Boiler,,\r\n" + `Chiller,${kolkata(H2)},41.5\r\n`;

  it("runs a report now: one CSV per widget, kept for download and emailed as attachments", async () => {
    const { id } = await schedule({ name: "Plant hourly" });
    const started = await post<Run>(`/api/v1/report-schedules/${id}/run`, undefined);
    expect(started).toMatchObject({ status: "RUNNING", trigger: "MANUAL" });

    const run = await finished(id, (r) => r.id === started.id);
    expect(run).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(run.files.map((f) => [f.name, f.rows])).toEqual([
      ["boiler-temperature.csv", 2],
      ["fleet-humidity.csv", 2],
    ]);

    const file = await download(
      `/api/v1/report-schedules/${id}/runs/${run.id}/files/boiler-temperature.csv`,
      admin.cookie,
    );
    expect(file).toMatchObject({ status: 200, type: "text/csv; charset=utf-8" });
    expect(file.text).toBe(boilerChart);
    expect(
      (await download(`/api/v1/report-schedules/${id}/runs/${run.id}/files/fleet-humidity.csv`, admin.cookie)).text,
    ).toBe(fleetTable);

    const email = resend.sent.find((e) => e.subject === "Plant hourly (Plant)");
    expect(email?.to).toEqual(["ops@example.test", "lead@example.test"]);
    const attachments = Object.fromEntries(
      (email?.attachments ?? []).map((a) => [a.filename, Buffer.from(a.content, "base64").toString("utf8")]),
    );
    expect(attachments).toEqual({ "boiler-temperature.csv": boilerChart, "fleet-humidity.csv": fleetTable });
    expect(email?.text).toContain("Left out: Widget “Unset”: no data source chosen.");
  }, 90_000);

  it("builds one CSV per device when the layout says so", async () => {
    const { id } = await schedule({ name: "Plant per device" });
    const patched = await h.call("PATCH", `/api/v1/report-schedules/${id}`, {
      cookie: admin.cookie,
      body: { layout: "PER_DEVICE" },
    });
    expect(patched.status).toBe(200);
    const started = await post<Run>(`/api/v1/report-schedules/${id}/run`, undefined);
    const run = await finished(id, (r) => r.id === started.id);
    expect(run.files.map((f) => f.name)).toEqual(["boiler.csv", "chiller.csv"]);
    const get = async (name: string) =>
      (await download(`/api/v1/report-schedules/${id}/runs/${run.id}/files/${name}`, admin.cookie)).text;
    expect(await get("boiler.csv")).toBe(
      "time,Temperature (°C),Humidity (%)\r\n" + `${kolkata(T)},20.5,\r\n` + `${kolkata(T + 10 * 60_000)},22.2,\r\n`,
    );
    expect(await get("chiller.csv")).toBe(
      "time,Humidity (%)\r\n" + `${kolkata(H1)},40\r\n` + `${kolkata(H2)},41.5\r\n`,
    );
  }, 90_000);

  it("lets the schedule's own action run the report (trigger SCHEDULED, a run row of its own)", async () => {
    const { id } = await schedule({ name: "Plant scheduled" });
    await client.schedule.getHandle(reportScheduleId(id)).trigger();
    const run = await finished(id, (r) => r.trigger === "SCHEDULED");
    expect(run.status).toBe("SUCCEEDED");
    expect(run.files.map((f) => f.name)).toEqual(["boiler-temperature.csv", "fleet-humidity.csv"]);
  }, 90_000);

  it("deletes the Temporal schedule of a report whose dashboard was deleted when it next fires", async () => {
    const dashboard = await post("/api/v1/dashboards", { title: "Short-lived" });
    const { id } = await schedule({ name: "Orphaned", dashboardId: dashboard.id });
    const handle = client.schedule.getHandle(reportScheduleId(id));
    expect((await h.call("DELETE", `/api/v1/dashboards/${dashboard.id}`, { cookie: admin.cookie })).status).toBe(204);
    expect((await h.call("GET", `/api/v1/report-schedules/${id}`, { cookie: admin.cookie })).status).toBe(404);
    await handle.trigger();
    for (let i = 0; i < 300; i++) {
      const gone = await handle.describe().then(
        () => false,
        (error: unknown) => error instanceof ScheduleNotFoundError,
      );
      if (gone) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the orphaned Temporal schedule was not deleted within 60 s");
  }, 90_000);

  /** Runs one report on a worker of its own (its own task queue) with these email settings. */
  async function runWithEmail(email: { resendApiKey?: string }, scheduleId: string) {
    const queue = `${taskQueue}-${randomUUID()}`;
    const own = await createWorker({
      connection,
      taskQueue: queue,
      deps: {
        devices: new InMemoryDeviceStore(),
        reports: {
          db: h.deps.db,
          telemetry: h.deps.telemetry,
          email: { from: "r@industryos.test", ...email, resendBaseUrl: resend.baseUrl },
        },
      },
    });
    return own.runUntil(
      client.workflow.execute("reportRunWorkflow", {
        taskQueue: queue,
        workflowId: `report-test-${randomUUID()}`,
        args: [{ tenantId: admin.tenantId, scheduleId, trigger: "SCHEDULED" }],
      }) as Promise<{ runId: string; status: string; error?: string }>,
    );
  }

  it("fails a run the email provider refuses, with the provider's reason", async () => {
    const { id } = await schedule({ name: "Plant refused" });
    const sentBefore = resend.sent.length;
    const result = await runWithEmail({ resendApiKey: "re_wrong_key" }, id);
    expect(result.status).toBe("FAILED");
    const run = await finished(id, (r) => r.id === result.runId);
    expect(run).toMatchObject({ status: "FAILED", trigger: "SCHEDULED" });
    expect(run.error).toMatch(/refused the report: API key is invalid/);
    // The files were built before the email failed: still there to download.
    expect(run.files.map((f) => f.name)).toEqual(["boiler-temperature.csv", "fleet-humidity.csv"]);
    expect(resend.sent.length).toBe(sentBefore);
  }, 90_000);

  it("keeps a report for download and says so when no email provider is configured", async () => {
    const { id } = await schedule({ name: "Plant unsent" });
    const result = await runWithEmail({}, id);
    const run = await finished(id, (r) => r.id === result.runId);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.error).toMatch(/Not emailed: no email provider/);
    expect(run.files).toHaveLength(2);
  }, 90_000);

  it("hides one tenant's schedules, runs and files from another (404)", async () => {
    const { id } = await schedule({ name: "Plant private" });
    const started = await post<Run>(`/api/v1/report-schedules/${id}/run`, undefined);
    const run = await finished(id, (r) => r.id === started.id);
    const paths = [
      ["GET", `/api/v1/report-schedules/${id}`],
      ["GET", `/api/v1/report-schedules/${id}/runs`],
      ["POST", `/api/v1/report-schedules/${id}/run`],
      ["PATCH", `/api/v1/report-schedules/${id}`],
      ["DELETE", `/api/v1/report-schedules/${id}`],
    ] as const;
    for (const [method, path] of paths) {
      const body = method === "PATCH" ? { enabled: false } : undefined;
      expect((await h.call(method, path, { cookie: other.cookie, body })).status, `${method} ${path}`).toBe(404);
    }
    const file = await download(
      `/api/v1/report-schedules/${id}/runs/${run.id}/files/boiler-temperature.csv`,
      other.cookie,
    );
    expect(file.status).toBe(404);
    expect(file.text).not.toContain("Boiler");
    // Nothing B did changed A's schedule: still enabled, still one run.
    const mine = await h.call<{ enabled: boolean }>("GET", `/api/v1/report-schedules/${id}`, { cookie: admin.cookie });
    expect(mine.body.enabled).toBe(true);
  }, 90_000);

  describe("the Temporal schedule", () => {
    const berlin = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });

    it("fires at 07:00 Berlin time every day, in winter and summer alike", async () => {
      const { id } = await schedule({ name: "Berlin daily", timeZone: "Europe/Berlin" });
      const description = await client.schedule.getHandle(reportScheduleId(id)).describe();
      const times = description.info.nextActionTimes;
      expect(times.length).toBeGreaterThanOrEqual(5);
      for (const t of times) expect(berlin.format(t)).toMatch(/ 07:00$/);
      for (let i = 1; i < times.length; i++) {
        // 24 hours apart, or 23/25 across a daylight-saving change.
        expect([23, 24, 25]).toContain((times[i]!.getTime() - times[i - 1]!.getTime()) / 3_600_000);
      }
      const shown = await h.call<{ nextRunAt: string }>("GET", `/api/v1/report-schedules/${id}`, {
        cookie: admin.cookie,
      });
      expect(shown.body.nextRunAt).toBe(times[0]!.toISOString());
    });

    it("moves with daylight saving time: 06:00 UTC before the change of 28 March 2027, 05:00 UTC after", async () => {
      // Today's next times need not cross a change; the same spec started just before one must.
      const row: ReportScheduleTiming = {
        id: randomUUID(),
        tenantId: admin.tenantId,
        frequency: "DAILY",
        dayOfWeek: null,
        timeOfDay: "07:00",
        timeZone: "Europe/Berlin",
        enabled: true,
      };
      const options = reportScheduleOptions(row, taskQueue);
      const handle = await client.schedule.create({
        ...options,
        spec: { ...options.spec, startAt: new Date("2027-03-26T00:00:00Z") },
      });
      try {
        const times = (await handle.describe()).info.nextActionTimes.slice(0, 4).map((t) => t.toISOString());
        expect(times).toEqual([
          "2027-03-26T06:00:00.000Z",
          "2027-03-27T06:00:00.000Z",
          "2027-03-28T05:00:00.000Z",
          "2027-03-29T05:00:00.000Z",
        ]);
      } finally {
        await handle.delete();
      }
    });

    it("fires weekly on the chosen day only", async () => {
      const { id } = await schedule({
        name: "Berlin Mondays",
        timeZone: "Europe/Berlin",
        frequency: "WEEKLY",
        dayOfWeek: 1,
      });
      const times = (await client.schedule.getHandle(reportScheduleId(id)).describe()).info.nextActionTimes;
      expect(times.length).toBeGreaterThanOrEqual(3);
      for (const t of times) expect(berlin.format(t)).toBe("Monday 07:00");
    });

    it("follows the row: an edit moves it, disabling pauses it, deleting removes it", async () => {
      const { id } = await schedule({ name: "Followed", timeZone: "Europe/Berlin" });
      const handle = client.schedule.getHandle(reportScheduleId(id));
      await h.call("PATCH", `/api/v1/report-schedules/${id}`, { cookie: admin.cookie, body: { timeOfDay: "18:30" } });
      const moved = (await handle.describe()).info.nextActionTimes;
      expect(moved.length).toBeGreaterThan(0);
      for (const t of moved) expect(berlin.format(t)).toMatch(/ 18:30$/);

      await h.call("PATCH", `/api/v1/report-schedules/${id}`, { cookie: admin.cookie, body: { enabled: false } });
      // Temporal applies a schedule update a moment after it answers the API's call.
      await expect.poll(async () => (await handle.describe()).state.paused, { timeout: 10_000 }).toBe(true);
      const shown = await h.call<{ nextRunAt: string | null }>("GET", `/api/v1/report-schedules/${id}`, {
        cookie: admin.cookie,
      });
      expect(shown.body.nextRunAt).toBeNull();

      expect((await h.call("DELETE", `/api/v1/report-schedules/${id}`, { cookie: admin.cookie })).status).toBe(204);
      await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    });

    it("is put back at worker start when missing, and an orphan is removed", async () => {
      const { id } = await schedule({ name: "Lost", timeZone: "Europe/Berlin" });
      await client.schedule.getHandle(reportScheduleId(id)).delete();
      const orphanRow: ReportScheduleTiming = {
        id: randomUUID(),
        tenantId: admin.tenantId,
        frequency: "DAILY",
        dayOfWeek: null,
        timeOfDay: "03:00",
        timeZone: "UTC",
        enabled: true,
      };
      await client.schedule.create(reportScheduleOptions(orphanRow, taskQueue));
      // Schedule listing is eventually consistent: wait until the orphan is listed.
      for (let i = 0; i < 100; i++) {
        const ids: string[] = [];
        for await (const s of client.schedule.list()) ids.push(s.scheduleId);
        if (ids.includes(reportScheduleId(orphanRow.id))) break;
        await new Promise((r) => setTimeout(r, 100));
      }

      const outcome = await reconcileReportSchedules({ db: h.deps.db, client, taskQueue, logger: h.deps.logger });
      expect(outcome.failed).toBe(0);
      expect(outcome.deleted).toBeGreaterThanOrEqual(1);
      const restored = await client.schedule.getHandle(reportScheduleId(id)).describe();
      expect(restored.info.nextActionTimes.length).toBeGreaterThan(0);
      for (const t of restored.info.nextActionTimes) expect(berlin.format(t)).toMatch(/ 07:00$/);
      await expect(client.schedule.getHandle(reportScheduleId(orphanRow.id)).describe()).rejects.toBeInstanceOf(
        ScheduleNotFoundError,
      );
    }, 60_000);
  });
});
