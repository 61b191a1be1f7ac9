import { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError, forbidden } from "../../errors.ts";
import { openProviders } from "../notification-settings/provider-settings.ts";

const MAX_REPORT_BYTES = 64 * 1024;

/** One refusal for a bad signature, an unconfigured provider or an unknown tenant: which of them is not said. */
export const unverified = () => forbidden("The report's signature could not be verified");

/** A provider's report: a POST of at most 64 KiB, as text (signatures are over the exact bytes). */
export async function readReport(request: Request): Promise<string> {
  if (request.method !== "POST") throw new ApiError("METHOD_NOT_ALLOWED", `${request.method} is not supported here`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REPORT_BYTES)
    throw new ApiError("PAYLOAD_TOO_LARGE", "The report is larger than 64 KiB");
  const text = await request.text();
  if (text.length > MAX_REPORT_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "The report is larger than 64 KiB");
  return text;
}

/** The tenant's providers, opened, to check a report's signature with; a tenant id that is no id is refused alike. */
export async function openedProviders(deps: ApiDeps, tenantId: string) {
  if (!z.uuid().safeParse(tenantId).success) throw unverified();
  const settings = await deps.db
    .forTenant(tenantId)
    .notificationSettings.findUnique({ where: { tenantId }, select: { providers: true } });
  return openProviders(deps.secrets, settings?.providers);
}
