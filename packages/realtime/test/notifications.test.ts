import { createTenant, createUser } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotificationEvent, type InboxNotification } from "../src/notifications.ts";
import type { NotificationsMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let other: RealtimeNode;
let tenantId: string;
let userId: string;
let colleagueId: string;
let userToken: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  [node, other] = await Promise.all([h.startNode(), h.startNode()]);
  tenantId = (await createTenant(h.db.system)).id;
  userId = (await createUser(h.db.system, { tenantId })).id;
  colleagueId = (await createUser(h.db.system, { tenantId })).id;
  userToken = h.grant({ tenantId, userId, scopes: [] });
});
afterAll(() => h.stop());

/** A notification row and its view, as the workers' in-app channel writes and announces it. */
async function deliver(to: string, subject: string): Promise<InboxNotification> {
  const row = await h.db.system.notification.create({
    data: { tenantId, userId: to, type: "ALARM", subject, text: `${subject}!` },
  });
  const view: InboxNotification = {
    id: row.id,
    requestId: null,
    type: row.type,
    subject: row.subject,
    text: row.text,
    info: {},
    seenAt: null,
    createdAt: row.createdAt.toISOString(),
  };
  await publishNotificationEvent(h.redis, { tenantId, userId: to }, { kind: "created", notification: view });
  return view;
}

/** The subscription's next `notifications` message (each call waits for one more than before). */
const seen = new Map<WsTestClient, number>();
async function notifications(client: WsTestClient, cmdId: number): Promise<NotificationsMessage> {
  const index = seen.get(client) ?? 0;
  const deadline = Date.now() + 5_000;
  for (;;) {
    const messages = client.of(cmdId, "notifications");
    if (messages.length > index) {
      seen.set(client, index + 1);
      return messages[index]!;
    }
    if (Date.now() > deadline) throw new Error(`no notifications message #${index + 1} for cmdId ${cmdId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("subscribeNotifications", () => {
  it("sends the unread count and newest notifications, then each new one with the count again", async () => {
    await deliver(userId, "Before 1");
    await deliver(userId, "Before 2");
    await deliver(colleagueId, "Not mine");
    const client = await h.connectWithCookie(node, userToken);
    client.send({ type: "subscribeNotifications", cmdId: 1, limit: 5 });
    const initial = await notifications(client, 1);
    expect(initial).toMatchObject({ initial: true, unreadCount: 2 });
    expect(initial.notifications?.map((n) => n.subject)).toEqual(["Before 2", "Before 1"]);

    // Announced on any node's Redis: this client's node forwards it.
    const fresh = await deliver(userId, "Boiler pressure high");
    const live = await notifications(client, 1);
    expect(live).toEqual({ type: "notifications", cmdId: 1, unreadCount: 3, created: [fresh] });
    await deliver(colleagueId, "Colleague's only");
    client.close();
  });

  it("follows reads, deletes and read-all from another tab, recounting the unread", async () => {
    const tenant = (await createTenant(h.db.system)).id;
    const user = (await createUser(h.db.system, { tenantId: tenant })).id;
    const token = h.grant({ tenantId: tenant, userId: user, scopes: [] });
    const rows = await Promise.all(
      ["a", "b", "c"].map((subject) =>
        h.db.system.notification.create({ data: { tenantId: tenant, userId: user, type: "ALARM", subject, text: "" } }),
      ),
    );
    const client = await h.connectWithCookie(other, token);
    client.send({ type: "subscribeNotifications", cmdId: 7 });
    expect(await notifications(client, 7)).toMatchObject({ initial: true, unreadCount: 3 });

    await h.db.system.notification.update({ where: { id: rows[0]!.id }, data: { seenAt: new Date() } });
    await publishNotificationEvent(h.redis, { tenantId: tenant, userId: user }, { kind: "read", ids: [rows[0]!.id] });
    expect(await notifications(client, 7)).toEqual({
      type: "notifications",
      cmdId: 7,
      unreadCount: 2,
      read: [rows[0]!.id],
    });

    await h.db.system.notification.delete({ where: { id: rows[1]!.id } });
    await publishNotificationEvent(
      h.redis,
      { tenantId: tenant, userId: user },
      { kind: "deleted", ids: [rows[1]!.id] },
    );
    expect(await notifications(client, 7)).toMatchObject({ unreadCount: 1, deleted: [rows[1]!.id] });

    await h.db.system.notification.updateMany({ where: { userId: user }, data: { seenAt: new Date() } });
    await publishNotificationEvent(h.redis, { tenantId: tenant, userId: user }, { kind: "readAll" });
    expect(await notifications(client, 7)).toMatchObject({ unreadCount: 0, allRead: true });
    client.close();
  });

  it("has no inbox for an API key or a public link (NOT_FOUND)", async () => {
    const keyToken = h.grant({ tenantId, scopes: ["read"] });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, apiKey: keyToken });
    await client.next((m) => m.type === "authenticated");
    client.send({ type: "subscribeNotifications", cmdId: 2 });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    client.close();
  });

  it("never sends another user's notifications, even of the same tenant", async () => {
    const client = await h.connectWithCookie(node, h.grant({ tenantId, userId: colleagueId, scopes: [] }));
    client.send({ type: "subscribeNotifications", cmdId: 3 });
    const initial = await notifications(client, 3);
    expect(initial.notifications?.map((n) => n.subject)).toEqual(["Colleague's only", "Not mine"]);
    await deliver(userId, "Mine, not the colleague's");
    const mine = await deliver(colleagueId, "Theirs");
    expect(await notifications(client, 3)).toMatchObject({ created: [mine], unreadCount: 3 });
    client.close();
  });
});
