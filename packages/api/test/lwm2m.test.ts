import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * LwM2M through the API without a client: credentials, and the answers while no client is
 * registered. A real Leshan client registering with ingest and operated through these endpoints:
 * apps/ingest/test/lwm2m/leshan-client.test.ts.
 */
let h: ApiHarness;
let cookie: string;
let deviceId: string;

beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie } = await h.signup("lwm2m"));
  deviceId = (await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Boiler" } })).body.id;
});
afterAll(async () => {
  await h?.close();
});

describe("LwM2M devices", () => {
  it("takes an LwM2M endpoint name as the device's credentials and shows it back", async () => {
    const put = await h.call("PUT", `/api/v1/devices/${deviceId}/credentials`, {
      cookie,
      body: { type: "LWM2M", endpoint: "urn:imei:490154203237518", security: "NO_SEC" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ type: "LWM2M", endpoint: "urn:imei:490154203237518", security: "NO_SEC" });
    const get = await h.call("GET", `/api/v1/devices/${deviceId}/credentials`, { cookie });
    expect(get.body).toEqual({ type: "LWM2M", endpoint: "urn:imei:490154203237518", security: "NO_SEC" });
  });

  it("refuses an endpoint name another device has, and names that cannot be endpoints", async () => {
    const other = await h.signup("lwm2m-other");
    const theirs = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie: other.cookie, body: { name: "X" } })
    ).body.id;
    const taken = await h.call("PUT", `/api/v1/devices/${theirs}/credentials`, {
      cookie: other.cookie,
      body: { type: "LWM2M", endpoint: "urn:imei:490154203237518" },
    });
    expect(taken.status).toBe(409);
    const bad = await h.call<{ error: { details: Array<{ path: string[]; message: string }> } }>(
      "PUT",
      `/api/v1/devices/${deviceId}/credentials`,
      { cookie, body: { type: "LWM2M", endpoint: "has spaces" } },
    );
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("Use letters, digits");
    const psk = await h.call("PUT", `/api/v1/devices/${deviceId}/credentials`, {
      cookie,
      body: { type: "LWM2M", endpoint: "ep-psk", security: "PSK" },
    });
    expect(psk.status).toBe(422);
  });

  it("answers 404 for the registration and 409 for operations while no client is registered", async () => {
    const registration = await h.call<{ error: { message: string } }>("GET", `/api/v1/devices/${deviceId}/lwm2m`, {
      cookie,
    });
    expect(registration.status).toBe(404);
    expect(registration.body.error.message).toBe("LwM2M registration not found");
    const read = await h.call<{ error: { message: string } }>("POST", `/api/v1/devices/${deviceId}/lwm2m/read`, {
      cookie,
      body: { path: "/3/0/0" },
    });
    expect(read.status).toBe(409);
    expect(read.body.error.message).toMatch(/not registered over LwM2M/);
  });

  it("refuses a path that is not an LwM2M path, in words", async () => {
    const read = await h.call("POST", `/api/v1/devices/${deviceId}/lwm2m/read`, {
      cookie,
      body: { path: "3/0/zero" },
    });
    expect(read.status).toBe(422);
    expect(JSON.stringify(read.body)).toContain("Write an LwM2M path such as /3/0/0");
  });
});

describe("a device profile's LwM2M mapping", () => {
  it("is saved beside the payload settings, shown back normalised, and removed with null", async () => {
    const created = await h.call<{ id: string; lwm2m: unknown }>("POST", "/api/v1/device-profiles", {
      cookie,
      body: {
        name: "LwM2M sensors",
        transportConfig: { payloadType: "JSON" },
        lwm2m: { observe: ["/3303/0/5700"], telemetry: { "/3303/00/5700": "temperature" } },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.lwm2m).toEqual({
      observe: ["/3303/0/5700"],
      telemetry: { "/3303/0/5700": "temperature" },
      attributes: {},
    });
    const renamed = await h.call<{ lwm2m: unknown }>("PATCH", `/api/v1/device-profiles/${created.body.id}`, {
      cookie,
      body: { name: "LwM2M sensors 2", transportConfig: { payloadType: "JSON" } },
    });
    expect(renamed.body.lwm2m).toMatchObject({ observe: ["/3303/0/5700"] });
    const removed = await h.call<{ lwm2m: unknown }>("PATCH", `/api/v1/device-profiles/${created.body.id}`, {
      cookie,
      body: { lwm2m: null },
    });
    expect(removed.body.lwm2m).toBeNull();
  });

  it("refuses paths that are not LwM2M paths, naming the field", async () => {
    const bad = await h.call("POST", "/api/v1/device-profiles", {
      cookie,
      body: { name: "Bad mapping", lwm2m: { telemetry: { temperature: "/3303/0/5700" } } },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("Write an LwM2M path such as /3303/0/5700");
  });
});
