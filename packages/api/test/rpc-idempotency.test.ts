import { deviceDownlinkChannel, rpcResponseChannel, type DeviceDownlink } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * A command sent once is delivered once: a repeated submission with the same clientRequestId
 * (a retry, a double click, a browser re-sending) gets the first request's result and never
 * reaches the device again; a timed-out call is 504 on both transports, never 408.
 */
let h: ApiHarness;
let cookie: string;
let deviceId: string;
let ingestSide: Redis;
/** Commands the device received, by method. */
const received: DeviceDownlink[] = [];
let answerAfterMs = 300;

beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie } = await h.signup("rpc-once"));
  deviceId = (await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Valve 3" } })).body.id;
  // Plays the ingest node: records each command and answers the way ingest does (row, then channel).
  ingestSide = new Redis(process.env.REDIS_URL!);
  ingestSide.on("message", (_channel: string, message: string) => {
    const downlink = JSON.parse(message) as DeviceDownlink;
    if (downlink.type !== "RPC_REQUEST") return;
    received.push(downlink);
    if (downlink.method !== "openValve") return;
    setTimeout(() => {
      const response = { opened: true, requestId: downlink.requestId };
      void h.deps.db.system.rpcRequest
        .updateMany({ where: { deviceId, requestId: downlink.requestId }, data: { status: "SUCCESSFUL", response } })
        .then(() =>
          h.deps.redis.publish(
            rpcResponseChannel(deviceId, downlink.requestId),
            JSON.stringify({ requestId: downlink.requestId, response }),
          ),
        );
    }, answerAfterMs);
  });
  await ingestSide.subscribe(deviceDownlinkChannel(deviceId));
});
afterAll(async () => {
  ingestSide?.disconnect();
  await h?.close();
});

const count = (method: string) => received.filter((d) => d.type === "RPC_REQUEST" && d.method === method).length;
const send = (body: object) =>
  h.call<{ requestId: number; response?: unknown; error?: { code: string } }>(
    "POST",
    `/api/v1/devices/${deviceId}/rpc`,
    { cookie, body: { timeoutMs: 3000, ...body } },
  );

describe("RPC with a clientRequestId", () => {
  it("sends the command once when the same submission arrives twice at the same time", async () => {
    const body = { method: "openValve", clientRequestId: "click-1" };
    const [first, second] = await Promise.all([send(body), send(body)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(count("openValve")).toBe(1);
  });

  it("answers a repeat after the device answered from the stored result, sending nothing", async () => {
    const before = count("openValve");
    const again = await send({ method: "openValve", clientRequestId: "click-1" });
    expect(again.status).toBe(200);
    expect((again.body.response as { opened: boolean }).opened).toBe(true);
    expect(count("openValve")).toBe(before);
    expect(await h.deps.db.system.rpcRequest.count({ where: { deviceId, clientRequestId: "click-1" } })).toBe(1);
  });

  it("sends a new command for a new id", async () => {
    const before = count("openValve");
    expect((await send({ method: "openValve", clientRequestId: "click-2" })).status).toBe(200);
    expect(count("openValve")).toBe(before + 1);
  });

  it("refuses an id reused for another command", async () => {
    const reused = await send({ method: "closeValve", clientRequestId: "click-1" });
    expect(reused.status).toBe(409);
    expect(count("closeValve")).toBe(0);
  });

  it("answers 504 (never 408) over REST and tRPC when the device stays silent, and repeats do not resend", async () => {
    answerAfterMs = 300;
    const rest = await send({ method: "reboot", timeoutMs: 300, clientRequestId: "silent-1" });
    expect(rest.status).toBe(504);
    const trpc = await h.call<{ error: { data: { httpStatus: number; code: string } } }>("POST", "/api/trpc/rpc.send", {
      cookie,
      body: { id: deviceId, body: { method: "reboot", timeoutMs: 300, clientRequestId: "silent-2" } },
    });
    expect(trpc.status).toBe(504);
    expect(trpc.body.error.data.code).toBe("GATEWAY_TIMEOUT");
    const repeat = await send({ method: "reboot", timeoutMs: 300, clientRequestId: "silent-1" });
    expect(repeat.status).toBe(504);
    expect(count("reboot")).toBe(2);
  });

  it("sends every submission without an id, as before", async () => {
    const before = count("blink");
    await send({ method: "blink", oneway: true });
    await send({ method: "blink", oneway: true });
    await expect.poll(() => count("blink")).toBe(before + 2);
  });
});
