import type { SecretBox } from "@industryos/runtime";
import { checkDestination, OutboundRefusal } from "@industryos/outbound-http";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { targetConfigurations, type NotificationTargetType, type TargetConfiguration } from "./schemas.ts";

/** A 422 whose details point at fields under `configuration`, for the console to show beside them. */
function invalidConfiguration(issues: { path: PropertyKey[]; message: string }[]) {
  const details = issues.map((issue) => ({
    path: ["configuration", ...issue.path.map(String)],
    message: issue.message,
  }));
  return new ApiError("VALIDATION_FAILED", details[0]?.message ?? "Invalid configuration", details);
}

/** Checks a configuration given as plain JSON (an update) against its target type. */
export function parseConfiguration(type: NotificationTargetType, value: unknown): TargetConfiguration {
  const parsed = targetConfigurations[type].safeParse(value);
  if (!parsed.success) throw invalidConfiguration(parsed.error.issues);
  return parsed.data;
}

/**
 * What is written to the row: a webhook's URL checked against the outbound guard now (private
 * networks only when WEBHOOKS_ALLOW_PRIVATE_NETWORKS; the delivery checks again where it connects),
 * and its header values sealed with the secret box. `previous` keeps the stored headers when an
 * update leaves them out.
 */
export async function storedConfiguration(
  deps: Pick<ApiDeps, "secrets" | "webhooks">,
  type: NotificationTargetType,
  configuration: TargetConfiguration,
  previous?: unknown,
): Promise<Record<string, unknown>> {
  if (type !== "WEBHOOK") return configuration as Record<string, unknown>;
  const webhook = configuration as TargetConfiguration<"WEBHOOK">;
  try {
    await checkDestination(webhook.url, { allowPrivateNetworks: deps.webhooks?.allowPrivateNetworks ?? false });
  } catch (error) {
    if (!(error instanceof OutboundRefusal)) throw error;
    throw invalidConfiguration([{ path: ["url"], message: error.message }]);
  }
  const headers =
    webhook.headers === undefined
      ? ((previous as { headers?: Record<string, string> } | undefined)?.headers ?? {})
      : sealHeaders(deps.secrets, webhook.headers);
  return { url: webhook.url, headers };
}

const sealHeaders = (box: SecretBox, headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, box.seal(value)]));

/** A webhook target's headers opened for a delivery. */
export const openHeaders = (box: SecretBox, headers: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, sealed]) => [name, box.open(sealed)]));
