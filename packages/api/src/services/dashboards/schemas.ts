import { dashboardConfigSchema } from "@industryos/dashboard-schema";
import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

export const dashboardTitle = z.string().trim().min(1, "Name the dashboard").max(255);

export const listDashboardsInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  /** Only the dashboards assigned to this customer (a customer's page lists them). */
  customerId: uuid.optional(),
});
export const createDashboardInput = z.object({
  title: dashboardTitle,
  configuration: dashboardConfigSchema.optional(),
});
export const updateDashboardInput = z.object({
  title: dashboardTitle.optional(),
  configuration: dashboardConfigSchema.optional(),
});
/** The JSON `export` writes: title and configuration, nothing tenant-specific. */
export const importDashboardInput = z.object({ title: dashboardTitle, configuration: dashboardConfigSchema });
export const assignCustomersInput = z.object({ customerIds: z.array(uuid).max(1000) });
