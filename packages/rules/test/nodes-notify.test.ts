import { describe, expect, it } from "vitest";
import { PermanentError } from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, runNode, TENANT } from "./support/run-node.ts";

const TARGET = "0b7e2c4a-5d6f-4a1b-8c9d-0e1f2a3b4c5d";
const TEMPLATE = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

const hot = () =>
  message({
    data: { temperature: 31.5 },
    metadata: { deviceName: "pump-1", ownerEmail: "owner@example.com", phone: "+14155550100" },
  });

describe("external.email", () => {
  it("asks for one email to the addresses filled from the message, and passes the message on with the request id", async () => {
    const r = recordingServices();
    const input = hot();
    const out = await runNode(
      "external.email",
      { to: "${ownerEmail}, ops@example.com", subject: "${deviceName} is hot", body: "${data.temperature} °C" },
      input,
      r.services,
    );
    expect([...r.notifications.values()]).toEqual([
      {
        tenantId: TENANT,
        dedupKey: `rule-node:-:node:${input.id}`,
        requestId: "request-1",
        originator: device,
        info: expect.objectContaining({
          deviceName: "pump-1",
          data: { temperature: 31.5 },
          msgType: "POST_TELEMETRY_REQUEST",
        }),
        content: { subject: "${deviceName} is hot", body: "${data.temperature} °C" },
        channels: ["EMAIL"],
        recipients: { EMAIL: ["owner@example.com", "ops@example.com"] },
      },
    ]);
    expect(out).toEqual([
      {
        relation: "Success",
        message: { ...input, metadata: { ...input.metadata, notificationRequestId: "request-1" } },
      },
    ]);
  });

  it("sends nothing twice for a redelivered message", async () => {
    const r = recordingServices();
    const input = hot();
    const config = { to: "ops@example.com", subject: "s", body: "b" };
    await runNode("external.email", config, input, r.services);
    const again = await runNode("external.email", config, input, r.services);
    expect(r.notifications.size).toBe(1);
    expect(again[0]?.message.metadata.notificationRequestId).toBe("request-1");
  });

  it("fails for good on an address the message lacks or that is no address", async () => {
    const r = recordingServices();
    await expect(runNode("external.email", { to: "${customerEmail}" }, hot(), r.services)).rejects.toThrow(
      PermanentError,
    );
    await expect(runNode("external.email", { to: "$[temperature]" }, hot(), r.services)).rejects.toThrow(
      /"31.5" is not an email address/,
    );
    expect(r.notifications.size).toBe(0);
  });
});

describe("external.sms and external.slack", () => {
  it("texts E.164 numbers from the metadata and refuses anything else", async () => {
    const r = recordingServices();
    await runNode("external.sms", { to: "${phone}", body: "${deviceName}: ${data.temperature}" }, hot(), r.services);
    expect([...r.notifications.values()][0]).toMatchObject({
      channels: ["SMS"],
      recipients: { SMS: ["+14155550100"] },
      content: { body: "${deviceName}: ${data.temperature}" },
    });
    await expect(runNode("external.sms", { to: "0415 555 0100" }, hot(), r.services)).rejects.toThrow(/E.164/);
    expect(configErrors("external.sms", { to: "+1", body: "x".repeat(1601) })).toEqual([
      "body: At most 1600 characters",
    ]);
  });

  it("posts to Slack channels by name or id, giving a bare name its #", async () => {
    const r = recordingServices();
    await runNode("external.slack", { channel: "alerts, C0123ABCD", text: "*${deviceName}*" }, hot(), r.services);
    expect([...r.notifications.values()][0]).toMatchObject({
      channels: ["SLACK"],
      recipients: { SLACK: ["#alerts", "C0123ABCD"] },
      content: { body: "*${deviceName}*" },
    });
  });
});

describe("action.notify", () => {
  it("sends a template to targets, keyed by chain, node and message", async () => {
    const r = recordingServices();
    const input = hot();
    const node = (await import("../src/index.ts")).NODE_TYPES.get("action.notify")!;
    await node.run(input, node.config.parse({ targetIds: [TARGET], templateId: TEMPLATE }), {
      services: r.services,
      scripts: { compile: () => ({ run: async () => undefined }) } as never,
      chainId: "chain-1",
      nodeId: "notify-1",
    });
    expect([...r.notifications.values()]).toMatchObject([
      { dedupKey: `rule-node:chain-1:notify-1:${input.id}`, targetIds: [TARGET], templateId: TEMPLATE },
    ]);
  });

  it("takes a subject and text instead of a template, one or the other", async () => {
    const r = recordingServices();
    await runNode("action.notify", { targetIds: [TARGET], subject: "Hot", text: "${deviceName}" }, hot(), r.services);
    expect([...r.notifications.values()][0]).toMatchObject({ content: { subject: "Hot", body: "${deviceName}" } });
    expect(configErrors("action.notify", { targetIds: [TARGET] })).toEqual([
      "text: Choose a template or write the text (one of them)",
    ]);
    expect(configErrors("action.notify", { targetIds: [TARGET], templateId: TEMPLATE, text: "both" })).toHaveLength(1);
    expect(configErrors("action.notify", { targetIds: [], text: "x" })).toEqual([
      "targetIds: Pick at least one target",
    ]);
    // An empty list of channels narrows nothing (the editor writes one for a field left empty).
    const r2 = recordingServices();
    await runNode("action.notify", { targetIds: [TARGET], text: "x", channels: [] }, hot(), r2.services);
    expect([...r2.notifications.values()][0]?.channels).toBeUndefined();
  });
});
