import { mqttBasicCredentialsId } from "@industryos/db";
import type { CredentialPolicy } from "../../../deps.ts";
import { ApiError } from "../../../errors.ts";
import { assertStrongSecret } from "../../credentials/credential-strength.ts";
import { certificateThumbprint } from "../../credentials/replace-credentials.ts";
import { credentialsInput } from "../../credentials/schemas.ts";
import { deviceName } from "../../devices/schemas.ts";
import type { RowIssue } from "../schemas.ts";
import type { ResolvedColumn } from "./column-mapping.ts";

/**
 * The credentials an import row asks for. A chosen secret is kept as given until the row runs (the MQTT password
 * is hashed then, and dropped from the row); `ACCESS_TOKEN` without a token gets a generated one.
 */
export type ImportCredentials =
  | { type: "ACCESS_TOKEN"; credentialsId?: string }
  | {
      type: "MQTT_BASIC";
      credentialsId: string;
      mqttClientId: string | null;
      mqttUsername: string | null;
      password?: string;
    }
  | { type: "X509_CERTIFICATE"; credentialsId: string; certificatePem: string };

/** A row as the job stores it (BulkJobItem.data): everything resolved to ids, nothing left to look up by name. */
export interface ImportRowData {
  action: "create" | "update";
  name: string;
  /** The device a row updates (found by name at validation; looked up again when it runs). */
  deviceId?: string;
  type?: string;
  label?: string;
  profileId?: string;
  customerId?: string;
  credentials?: ImportCredentials;
  attributes: { SHARED: Record<string, unknown>; SERVER: Record<string, unknown> };
}

/** What the row's cells say, before anything is looked up: one value per target, attribute values typed. */
export interface RowCells {
  name?: string;
  type?: string;
  label?: string;
  profile?: string;
  customer?: string;
  credentialsType?: string;
  credentialsValue?: string;
  mqttClientId?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  attributes: { SHARED: Record<string, unknown>; SERVER: Record<string, unknown> };
}

/** A cell's value typed as a device would send it: true/false, numbers, JSON objects and arrays, else text. */
export function attributeValueOfCell(cell: string): unknown {
  if (cell === "true" || cell === "false") return cell === "true";
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell) && Number.isFinite(Number(cell))) return Number(cell);
  if (/^[[{]/.test(cell)) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return cell;
    }
  }
  return cell;
}

export function cellsOf(row: string[], columns: ResolvedColumn[]): RowCells {
  const cells: RowCells = { attributes: { SHARED: {}, SERVER: {} } };
  for (const c of columns) {
    const value = row[c.index] ?? "";
    if (c.target === "ignore" || value === "") continue;
    if (c.target === "sharedAttribute") cells.attributes.SHARED[c.key!] = attributeValueOfCell(value);
    else if (c.target === "serverAttribute") cells.attributes.SERVER[c.key!] = attributeValueOfCell(value);
    else cells[c.target] = value;
  }
  return cells;
}

const columnOf = (columns: ResolvedColumn[], target: string) =>
  columns.find((c) => c.target === target)?.column ?? null;

/**
 * The row's credentials, checked as `PUT /devices/{id}/credentials` checks them (a chosen token must be strong, a
 * certificate must be PEM); an issue names the column to fix. Undefined: the row chooses none.
 */
export function credentialsOfRow(
  cells: RowCells,
  columns: ResolvedColumn[],
  policy: CredentialPolicy | undefined,
  issues: RowIssue[],
): ImportCredentials | undefined {
  const mqtt = cells.mqttClientId || cells.mqttUsername || cells.mqttPassword;
  const type = (cells.credentialsType?.toUpperCase() ??
    (mqtt ? "MQTT_BASIC" : cells.credentialsValue ? "ACCESS_TOKEN" : undefined)) as string | undefined;
  if (type === undefined) return undefined;
  const candidate =
    type === "ACCESS_TOKEN"
      ? { type, accessToken: cells.credentialsValue }
      : type === "MQTT_BASIC"
        ? { type, clientId: cells.mqttClientId, username: cells.mqttUsername, password: cells.mqttPassword ?? "" }
        : { type, certificatePem: cells.credentialsValue ?? "" };
  const parsed = credentialsInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "type");
      const target =
        field === "type"
          ? "credentialsType"
          : field === "clientId"
            ? "mqttClientId"
            : field === "username"
              ? "mqttUsername"
              : field === "password"
                ? "mqttPassword"
                : "credentialsValue";
      const message = field === "type" ? "Use ACCESS_TOKEN, MQTT_BASIC or X509_CERTIFICATE" : issue.message;
      issues.push({ column: columnOf(columns, target), message });
    }
    return undefined;
  }
  const input = parsed.data;
  try {
    switch (input.type) {
      case "ACCESS_TOKEN":
        if (input.accessToken) assertStrongSecret(input.accessToken, "accessToken", policy);
        return { type: input.type, credentialsId: input.accessToken };
      case "MQTT_BASIC":
        return {
          type: input.type,
          credentialsId: mqttBasicCredentialsId(input.clientId, input.username),
          mqttClientId: input.clientId ?? null,
          mqttUsername: input.username ?? null,
          password: input.password,
        };
      case "X509_CERTIFICATE":
        return {
          type: input.type,
          credentialsId: certificateThumbprint(input.certificatePem),
          certificatePem: input.certificatePem.trim(),
        };
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    issues.push({ column: columnOf(columns, "credentialsValue"), message: error.message });
    return undefined;
  }
}

/** Checks the cells that need no lookup: the name, type and label. */
export function checkPlainCells(cells: RowCells, columns: ResolvedColumn[], issues: RowIssue[]) {
  const name = deviceName.safeParse(cells.name ?? "");
  if (!name.success) issues.push({ column: columnOf(columns, "name"), message: "Name the device" });
  if (cells.type && cells.type.length > 255)
    issues.push({ column: columnOf(columns, "type"), message: "At most 255 characters" });
  if (cells.label && cells.label.length > 255)
    issues.push({ column: columnOf(columns, "label"), message: "At most 255 characters" });
}

export { columnOf };
