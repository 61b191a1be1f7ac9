import type { AttributeScopeName, PlainPoint } from "../protocol/index.ts";

/**
 * One device update as every subscription sees it, decoded once per web node from the JSON
 * ingest publishes on `liveDeviceChannel` (see device-protocol `toLiveMessage`).
 */
export type LiveUpdate =
  | { kind: "telemetry"; tenantId: string; deviceId: string; points: Array<{ key: string } & PlainPoint> }
  | {
      kind: "attributes";
      tenantId: string;
      deviceId: string;
      scope: AttributeScopeName;
      ts: number;
      values: Array<{ key: string; value: unknown }>;
    };

const SCOPES = new Set(["CLIENT", "SHARED", "SERVER"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Decodes an ingest message; null for anything else. Deliberately not zod: this runs for every
 * message on the hot path, and ingest is a trusted producer, so a cheap shape check suffices.
 */
export function decodeLiveUpdate(text: string): LiveUpdate | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw) || typeof raw.tenantId !== "string" || typeof raw.deviceId !== "string") return null;
  if (raw.type === "POST_TELEMETRY_REQUEST" && Array.isArray(raw.points)) {
    const points: Array<{ key: string } & PlainPoint> = [];
    for (const p of raw.points) {
      if (isRecord(p) && typeof p.key === "string" && typeof p.ts === "number")
        points.push({ key: p.key, ts: p.ts, value: p.value });
    }
    return { kind: "telemetry", tenantId: raw.tenantId, deviceId: raw.deviceId, points };
  }
  if (raw.type === "POST_ATTRIBUTES_REQUEST" && Array.isArray(raw.attributes) && SCOPES.has(raw.scope as string)) {
    const values: Array<{ key: string; value: unknown }> = [];
    for (const a of raw.attributes)
      if (isRecord(a) && typeof a.key === "string") values.push({ key: a.key, value: a.value });
    const ts = typeof raw.receivedAt === "number" ? raw.receivedAt : Date.now();
    return {
      kind: "attributes",
      tenantId: raw.tenantId,
      deviceId: raw.deviceId,
      scope: raw.scope as AttributeScopeName,
      ts,
      values,
    };
  }
  return null;
}
