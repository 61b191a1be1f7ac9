import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * Tenants' own LwM2M object models (OMA DDF files): upload with validation in words, list, get,
 * delete, each tenant seeing only its own. Ingest reading a client with an uploaded model:
 * apps/ingest/test/lwm2m/tenant-models.test.ts.
 */
let h: ApiHarness;
let cookie: string;
let tenantId: string;
let otherCookie: string;

const ddf = (objectId: number, name: string, version = "1.0") => `<?xml version="1.0" encoding="utf-8"?>
<LWM2M xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Object ObjectType="MODefinition">
    <Name>${name}</Name>
    <Description1>A test object</Description1>
    <ObjectID>${objectId}</ObjectID>
    <ObjectURN>urn:oma:lwm2m:x:${objectId}</ObjectURN>
    <ObjectVersion>${version}</ObjectVersion>
    <MultipleInstances>Multiple</MultipleInstances>
    <Mandatory>Optional</Mandatory>
    <Resources>
      <Item ID="1"><Name>Pressure</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances>
        <Mandatory>Mandatory</Mandatory><Type>Float</Type><RangeEnumeration></RangeEnumeration><Units>kPa</Units><Description>Line pressure</Description></Item>
      <Item ID="2"><Name>Valve open</Name><Operations>RW</Operations><MultipleInstances>Single</MultipleInstances>
        <Mandatory>Optional</Mandatory><Type>Boolean</Type><RangeEnumeration></RangeEnumeration><Units></Units><Description></Description></Item>
    </Resources>
  </Object>
</LWM2M>`;

type Model = { id: string; objectId: number; version: string; name: string; resources: Array<Record<string, unknown>> };
type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string[]; message: string }> } };

const upload = <T = Model>(xml: string, as = cookie) =>
  h.call<T>("POST", "/api/v1/lwm2m/models", { cookie: as, body: { ddf: xml } });

beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie, tenantId } = await h.signup("lwm2m-models"));
  ({ cookie: otherCookie } = await h.signup("lwm2m-models-other"));
});
afterAll(async () => {
  await h?.close();
});

describe("LwM2M object models", () => {
  it("stores an uploaded DDF file with its resources parsed, and gives it back", async () => {
    const created = await upload(ddf(10299, "Line pressure"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ objectId: 10299, version: "1.0", name: "Line pressure" });
    expect(created.body.resources).toEqual([
      {
        id: 1,
        name: "Pressure",
        operations: "R",
        type: "Float",
        multiple: false,
        mandatory: true,
        units: "kPa",
      },
      { id: 2, name: "Valve open", operations: "RW", type: "Boolean", multiple: false, mandatory: false, units: "" },
    ]);
    const got = await h.call<Model & { ddf: string }>("GET", `/api/v1/lwm2m/models/${created.body.id}`, { cookie });
    expect(got.status).toBe(200);
    expect(got.body.ddf).toBe(ddf(10299, "Line pressure"));
  });

  it("refuses files that are not valid DDF with 422 naming the problem", async () => {
    const broken = await upload<ErrorBody>("<LWM2M><Object><Name>x</Name></LWM2M>");
    expect(broken.status).toBe(422);
    expect(broken.body.error.message).toMatch(/^Not well-formed XML: .*line 1/);
    expect(broken.body.error.details).toEqual([{ path: ["ddf"], message: broken.body.error.message }]);
    const notDdf = await upload<ErrorBody>("<html><body>hello</body></html>");
    expect(notDdf.status).toBe(422);
    expect(notDdf.body.error.message).toContain("Not an LwM2M DDF file");
    const badId = await upload<ErrorBody>(ddf(70000, "Too big"));
    expect(badId.body.error.message).toBe("<ObjectID> must be a number from 0 to 65535");
    const badType = await upload<ErrorBody>(ddf(10300, "Typo").replace("<Type>Float</Type>", "<Type>Double</Type>"));
    expect(badType.status).toBe(422);
    expect(badType.body.error.message).toBe('Resource 1 of object 10300 has an unknown <Type> "Double"');
    const twice = await upload<ErrorBody>(ddf(10301, "Twice").replace('<Item ID="2">', '<Item ID="1">'));
    expect(twice.body.error.message).toBe("Resource 1 of object 10301 is defined twice");
    const empty = await upload<ErrorBody>("");
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toContain("The DDF file is empty");
  });

  it("answers 409 for an object version already uploaded, and takes another version", async () => {
    const again = await upload<ErrorBody>(ddf(10299, "Line pressure"));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("Object 10299 version 1.0 is already uploaded");
    expect((await upload(ddf(10299, "Line pressure", "1.1"))).status).toBe(201);
  });

  it("lists a page at a time, searching names and object ids", async () => {
    await upload(ddf(3303, "My temperature"));
    type Page = { data: Model[]; total: number };
    const all = await h.call<Page>("GET", "/api/v1/lwm2m/models?pageSize=2", { cookie });
    expect(all.body.total).toBe(3);
    expect(all.body.data.map((m) => `${m.objectId}@${m.version}`)).toEqual(["3303@1.0", "10299@1.0"]);
    const second = await h.call<Page>("GET", "/api/v1/lwm2m/models?pageSize=2&page=2", { cookie });
    expect(second.body.data.map((m) => `${m.objectId}@${m.version}`)).toEqual(["10299@1.1"]);
    const byName = await h.call<Page>("GET", "/api/v1/lwm2m/models?search=temper", { cookie });
    expect(byName.body.data.map((m) => m.name)).toEqual(["My temperature"]);
    const byId = await h.call<Page>("GET", "/api/v1/lwm2m/models?search=10299", { cookie });
    expect(byId.body.total).toBe(2);
  });

  it("keeps each tenant's models to itself", async () => {
    const mine = (await h.call<{ data: Model[] }>("GET", "/api/v1/lwm2m/models", { cookie })).body.data[0]!;
    const theirList = await h.call<{ data: Model[]; total: number }>("GET", "/api/v1/lwm2m/models", {
      cookie: otherCookie,
    });
    expect(theirList.body).toMatchObject({ data: [], total: 0 });
    expect((await h.call("GET", `/api/v1/lwm2m/models/${mine.id}`, { cookie: otherCookie })).status).toBe(404);
    expect((await h.call("DELETE", `/api/v1/lwm2m/models/${mine.id}`, { cookie: otherCookie })).status).toBe(404);
    // The same object id is free for another tenant.
    expect((await upload(ddf(10299, "Their pressure"), otherCookie)).status).toBe(201);
    // Row-level security, below the API: the application role sees only the tenant it acts for.
    expect(await h.deps.db.system.lwm2mObjectModel.count({ where: { objectId: 10299 } })).toBe(3);
    const seen = await h.deps.db.forTenant(tenantId).lwm2mObjectModel.findMany({ where: { objectId: 10299 } });
    expect(seen.map((r) => r.tenantId)).toEqual([tenantId, tenantId]);
  });

  it("deletes a model", async () => {
    const created = await upload(ddf(10400, "Short lived"));
    expect((await h.call("DELETE", `/api/v1/lwm2m/models/${created.body.id}`, { cookie })).status).toBe(204);
    expect((await h.call("GET", `/api/v1/lwm2m/models/${created.body.id}`, { cookie })).status).toBe(404);
  });
});
