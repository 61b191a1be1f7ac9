import { ApiError } from "../../../errors.ts";
import type { ColumnMapping, ColumnTarget } from "../schemas.ts";

/** A column with its target resolved: attribute columns always carry their key. */
export interface ResolvedColumn {
  index: number;
  column: string;
  target: ColumnTarget;
  key?: string;
}

const BY_HEADER: Record<string, ColumnTarget> = {
  name: "name",
  devicename: "name",
  type: "type",
  devicetype: "type",
  label: "label",
  profile: "profile",
  deviceprofile: "profile",
  customer: "customer",
  credentialstype: "credentialsType",
  credentialsvalue: "credentialsValue",
  accesstoken: "credentialsValue",
  token: "credentialsValue",
  mqttclientid: "mqttClientId",
  clientid: "mqttClientId",
  mqttusername: "mqttUsername",
  username: "mqttUsername",
  mqttpassword: "mqttPassword",
  password: "mqttPassword",
};

/** The target a header names by itself: `Device name` → name, `shared:targetTemp` → a shared attribute. */
function targetOfHeader(header: string): Omit<ResolvedColumn, "index" | "column"> {
  const prefixed = /^(shared|server)\s*[:.]\s*(.+)$/i.exec(header);
  if (prefixed)
    return {
      target: prefixed[1]!.toLowerCase() === "shared" ? "sharedAttribute" : "serverAttribute",
      key: prefixed[2]!,
    };
  return { target: BY_HEADER[header.toLowerCase().replace(/[\s_-]/g, "")] ?? "ignore" };
}

const refused = (message: string, index: number) =>
  new ApiError("VALIDATION_FAILED", message, [{ path: ["mapping", index], message }]);

/**
 * Every column's target: the caller's mapping where it names the column, else what the header says by itself.
 * Exactly one column must be the name; no other target but attributes may appear twice, nor an attribute key.
 */
export function resolveColumns(headers: string[], mapping: ColumnMapping[] = []): ResolvedColumn[] {
  mapping.forEach((m, i) => {
    if (!headers.includes(m.column)) throw refused(`The file has no column "${m.column}"`, i);
  });
  const columns = headers.map((column, index) => {
    const chosen = mapping.find((m) => m.column === column);
    const resolved = chosen ? { target: chosen.target, key: chosen.key } : targetOfHeader(column);
    const attribute = resolved.target === "sharedAttribute" || resolved.target === "serverAttribute";
    return { index, column, target: resolved.target, ...(attribute ? { key: resolved.key ?? column } : {}) };
  });
  const used = new Map<string, string>();
  for (const c of columns) {
    if (c.target === "ignore") continue;
    const slot = c.key ? `${c.target}:${c.key}` : c.target;
    const other = used.get(slot);
    if (other) throw refused(`The columns "${other}" and "${c.column}" both map to ${slot}`, 0);
    used.set(slot, c.column);
  }
  if (!columns.some((c) => c.target === "name"))
    throw new ApiError("VALIDATION_FAILED", "No column holds the device name: name one column `name` or map it", [
      { path: ["mapping"], message: "Map a column to name" },
    ]);
  return columns;
}
