import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createDeviceProfile } from "@industryos/db/testing";
import { coapClient } from "./coap-client.ts";
import { connectMqtt, nextMessage, startHarness, type Harness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ redisDb: 6 });
});
afterAll(async () => {
  await h?.close();
});

let profiles = 0;
async function profile(provisionType: "ALLOW_CREATE_NEW_DEVICES" | "CHECK_PRE_PROVISIONED_DEVICES") {
  const key = `key-${++profiles}-${Date.now()}`;
  const created = await createDeviceProfile(h.db.system, {
    tenantId: h.tenantId,
    provisionType,
    provisionDeviceKey: key,
    provisionDeviceSecret: "secret-1",
  });
  return { id: created.id, key };
}

describe("device provisioning", () => {
  it("creates a device over MQTT with the 'provision' username and returns a working access token", async () => {
    const { key } = await profile("ALLOW_CREATE_NEW_DEVICES");
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: "provision" });
    await client.subscribeAsync("/provision/response", { qos: 1 });
    const answer = nextMessage(client, "/provision/response");
    await client.publishAsync(
      "/provision/request",
      JSON.stringify({ deviceName: "New sensor", provisionDeviceKey: key, provisionDeviceSecret: "secret-1" }),
      { qos: 1 },
    );
    const body = (await answer).body as { status: string; credentialsType: string; credentialsValue: string };
    expect(body).toMatchObject({ status: "SUCCESS", credentialsType: "ACCESS_TOKEN" });
    await client.endAsync();
    const device = await h.db.system.device.findUnique({
      where: { tenantId_name: { tenantId: h.tenantId, name: "New sensor" } },
    });
    expect(device).not.toBeNull();
    const asDevice = await connectMqtt(h.ingest.ports.mqtt, { username: body.credentialsValue });
    await asDevice.endAsync();
  });

  it("refuses other topics on a provisioning connection", async () => {
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: "provision" });
    const refusal = (await client.subscribeAsync("v1/devices/me/attributes", { qos: 1 }).catch((e: unknown) => e)) as {
      packet: { granted: number[] };
    };
    expect(refusal.packet.granted).toEqual([128]);
    await client.endAsync();
  });

  it("answers NOT_FOUND over HTTP for a wrong secret, and hands out pre-provisioned credentials", async () => {
    const pre = await profile("CHECK_PRE_PROVISIONED_DEVICES");
    const { accessToken } = await createDevice(h.db.system, {
      tenantId: h.tenantId,
      name: "Pre 1",
      deviceProfileId: pre.id,
    });
    const url = `http://127.0.0.1:${h.ingest.ports.http}/api/v1/provision`;
    const wrong = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ deviceName: "Pre 1", provisionDeviceKey: pre.key, provisionDeviceSecret: "nope" }),
    });
    expect(await wrong.json()).toMatchObject({ status: "NOT_FOUND" });
    const right = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ deviceName: "Pre 1", provisionDeviceKey: pre.key, provisionDeviceSecret: "secret-1" }),
    });
    expect(await right.json()).toEqual({
      status: "SUCCESS",
      credentialsType: "ACCESS_TOKEN",
      credentialsValue: accessToken,
    });
  });

  it("provisions over CoAP and refuses a duplicate name", async () => {
    const { key } = await profile("ALLOW_CREATE_NEW_DEVICES");
    const coap = coapClient(h.ingest.ports.coap!);
    const request = JSON.stringify({
      deviceName: "CoAP meter",
      provisionDeviceKey: key,
      provisionDeviceSecret: "secret-1",
    });
    expect((await coap.send("POST", "/api/v1/provision", request)).body).toMatchObject({ status: "SUCCESS" });
    expect((await coap.send("POST", "/api/v1/provision", request)).body).toMatchObject({ status: "FAILURE" });
    coap.close();
  });
});
