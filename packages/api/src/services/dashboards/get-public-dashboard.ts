import type { SystemDb } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import { resolvePublicDashboard } from "./dashboard-public-link.ts";

/** The public REST view of a link: the dashboard only (no tenant id). */
export async function getPublicDashboard(system: SystemDb, publicId: string) {
  const resolved = await resolvePublicDashboard(system, publicId);
  if (!resolved) throw notFound("Dashboard");
  return resolved.dashboard;
}
