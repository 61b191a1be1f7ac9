import { resourceModel, type ObjectModels } from "./models.ts";
import { formatLwm2mPath, parseLwm2mPath, type Lwm2mPath } from "./paths.ts";
import { decodeTlv, type TlvEntry } from "./tlv.ts";
import { textValue, tlvValue } from "./values.ts";

/** LwM2M content formats by CoAP Content-Format number. */
export const CONTENT_FORMAT = {
  TEXT: 0,
  LINK_FORMAT: 40,
  OPAQUE: 42,
  SENML_JSON: 110,
  TLV: 11542,
  LWM2M_JSON: 11543,
} as const;

/** node-coap reports registered formats by name. */
const BY_NAME: Record<string, number> = {
  "text/plain": 0,
  "application/link-format": 40,
  "application/octet-stream": 42,
  "application/senml+json": 110,
  "application/vnd.oma.lwm2m+tlv": 11542,
  "application/vnd.oma.lwm2m+json": 11543,
};

export function contentFormatNumber(header: unknown): number | undefined {
  if (typeof header === "number") return header;
  if (typeof header === "string") return BY_NAME[header.split(";")[0]!.trim()];
  return undefined;
}

export interface ResourceValue {
  path: string;
  value: unknown;
}

/** The resources an answer holds, by path; throws on a payload that is not valid in its format. */
export function decodeContent(
  format: number | undefined,
  payload: Buffer,
  requested: Lwm2mPath,
  models: ObjectModels,
): ResourceValue[] {
  const path = formatLwm2mPath(requested);
  const model = (p: Lwm2mPath) =>
    p.resourceId === undefined ? undefined : resourceModel(models, p.objectId, p.resourceId);
  switch (format) {
    case undefined:
    case CONTENT_FORMAT.TEXT:
      return [{ path, value: textValue(payload.toString("utf8"), model(requested)) }];
    case CONTENT_FORMAT.OPAQUE:
      return [{ path, value: payload.toString("base64") }];
    case CONTENT_FORMAT.TLV:
      return tlvValues(decodeTlv(payload), requested, models);
    case CONTENT_FORMAT.SENML_JSON:
      return senmlValues(JSON.parse(payload.toString("utf8")) as unknown, path);
    case CONTENT_FORMAT.LWM2M_JSON:
      return lwm2mJsonValues(JSON.parse(payload.toString("utf8")) as unknown, path);
    default:
      return [{ path, value: payload.toString("base64") }];
  }
}

/** TLV entries are relative to the requested path: instances under an object, resources under an instance. */
function tlvValues(entries: TlvEntry[], requested: Lwm2mPath, models: ObjectModels): ResourceValue[] {
  const out: ResourceValue[] = [];
  const { objectId } = requested;
  const resource = (instanceId: number, entry: TlvEntry) => {
    const at = { objectId, instanceId, resourceId: entry.id };
    const model = resourceModel(models, objectId, entry.id);
    if (entry.kind === "multipleResource")
      for (const child of entry.children ?? [])
        out.push({
          path: formatLwm2mPath({ ...at, resourceInstanceId: child.id }),
          value: tlvValue(child.value, model),
        });
    else out.push({ path: formatLwm2mPath(at), value: tlvValue(entry.value, model) });
  };
  for (const entry of entries) {
    if (entry.kind === "objectInstance") for (const child of entry.children ?? []) resource(entry.id, child);
    else if (entry.kind === "resourceInstance" && requested.resourceId !== undefined) {
      const at = {
        objectId,
        instanceId: requested.instanceId,
        resourceId: requested.resourceId,
        resourceInstanceId: entry.id,
      };
      out.push({
        path: formatLwm2mPath(at),
        value: tlvValue(entry.value, resourceModel(models, objectId, requested.resourceId)),
      });
    } else resource(requested.instanceId ?? 0, entry);
  }
  return out;
}

interface SenmlRecord {
  bn?: string;
  n?: string;
  v?: number;
  vs?: string;
  vb?: boolean;
  vd?: string;
  vlo?: string;
}

/** SenML JSON (RFC 8428 as LwM2M 1.1 uses it): a base name carried forward, names appended to it. */
function senmlValues(json: unknown, requested: string): ResourceValue[] {
  if (!Array.isArray(json)) throw new Error("SenML JSON must be an array of records");
  let base = "";
  return (json as SenmlRecord[]).map((record) => {
    if (typeof record.bn === "string") base = record.bn;
    const full = `${base}${record.n ?? ""}` || requested;
    const path = parseLwm2mPath(full);
    if (!path) throw new Error(`SenML record names no LwM2M path: ${full}`);
    const value =
      record.v ??
      record.vs ??
      record.vb ??
      record.vlo ??
      (record.vd === undefined ? null : base64UrlToBase64(record.vd));
    return { path: formatLwm2mPath(path), value };
  });
}

function base64UrlToBase64(text: string): string {
  return Buffer.from(text, "base64url").toString("base64");
}

interface Lwm2mJsonRecord {
  n?: string;
  v?: number;
  sv?: string;
  bv?: boolean;
  ov?: string;
}

/** OMA LwM2M JSON (LwM2M 1.0's `application/vnd.oma.lwm2m+json`): `{bn, e: [{n, v|sv|bv|ov}]}`. */
function lwm2mJsonValues(json: unknown, requested: string): ResourceValue[] {
  const document = json as { bn?: string; e?: Lwm2mJsonRecord[] };
  if (!document || !Array.isArray(document.e)) throw new Error('LwM2M JSON must hold an "e" array');
  const base = document.bn ?? `${requested}/`;
  return document.e.map((record) => {
    const full =
      record.n === undefined || record.n === "" ? base.replace(/\/$/, "") : `${base.replace(/\/?$/, "/")}${record.n}`;
    const path = parseLwm2mPath(full);
    if (!path) throw new Error(`LwM2M JSON entry names no LwM2M path: ${full}`);
    return { path: formatLwm2mPath(path), value: record.v ?? record.sv ?? record.bv ?? record.ov ?? null };
  });
}
