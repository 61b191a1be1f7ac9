import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";
import type { DownlinkPage } from "../src/services/edges/schemas.ts";

// Rows changed in the last second wait for a later page (downlink.ts SETTLE_MS).
const settle = () => new Promise((resolve) => setTimeout(resolve, 1100));
const KINDS = ["ruleChains", "deviceProfiles", "devices", "credentials"] as const;

let h: ApiHarness;
let apiKey: string;
let edgeAuth: string;

const pull = async (limit: number, cursor?: string) => {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  const answer = await h.call<DownlinkPage>("GET", `/api/v1/edge/downlink?${query}`, {
    headers: { authorization: edgeAuth },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

/** Every page from `cursor` on, until the cloud says there is no more. */
const pullAll = async (limit: number, cursor?: string) => {
  const pages: DownlinkPage[] = [];
  do pages.push(await pull(limit, pages.at(-1)?.cursor ?? cursor));
  while (pages.at(-1)!.more);
  return pages;
};

const idsOf = (pages: DownlinkPage[], kind: (typeof KINDS)[number]) => pages.flatMap((p) => p[kind].map((r) => r.id));

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("edge-downlink");
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "k" } }))
    .body.key;
  const edge = await h.call<{ routingKey: string; secret: string }>("POST", "/api/v1/edges", {
    apiKey,
    body: { name: "plant" },
  });
  edgeAuth = `Edge ${edge.body.routingKey}:${edge.body.secret}`;
  for (const name of ["pump 1", "pump 2", "pump 3"])
    expect((await h.call("POST", "/api/v1/devices", { apiKey, body: { name } })).status).toBe(201);
  await settle();
});
afterAll(async () => h?.close());

describe("edge downlink pages", () => {
  it("hands out the same rows one at a time as in one page, a kind's rows only after the kinds they refer to", async () => {
    const [whole] = await pullAll(500);
    expect(whole!.devices.map((d) => d.name).sort()).toEqual(["pump 1", "pump 2", "pump 3"]);
    expect(whole!.credentials).toHaveLength(3);
    expect(whole!.deviceProfiles.length).toBeGreaterThan(0);

    const single = await pullAll(1);
    for (const page of single) expect(KINDS.reduce((n, kind) => n + page[kind].length, 0)).toBeLessThanOrEqual(1);
    for (const kind of KINDS) expect(idsOf(single, kind)).toEqual(whole![kind].map((r) => r.id));
    const kindOfPage = single.flatMap((page) => KINDS.filter((kind) => page[kind].length > 0));
    expect(kindOfPage).toEqual([...kindOfPage].sort((a, b) => KINDS.indexOf(a) - KINDS.indexOf(b)));
  });

  it("gives from a page's cursor on only what changed after it", async () => {
    const caughtUp = (await pullAll(500)).at(-1)!;
    const device = caughtUp.devices.find((d) => d.name === "pump 2")!;
    expect((await h.call("PATCH", `/api/v1/devices/${device.id}`, { apiKey, body: { label: "north" } })).status).toBe(
      200,
    );
    await settle();
    const next = await pullAll(500, caughtUp.cursor);
    expect(next.flatMap((p) => p.devices).map((d) => [d.name, d.label])).toEqual([["pump 2", "north"]]);
    for (const kind of ["ruleChains", "deviceProfiles", "credentials"] as const) expect(idsOf(next, kind)).toEqual([]);
  });
});
