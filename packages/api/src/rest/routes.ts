import { adminRoutes } from "./routes/admin.ts";
import { apiKeyRoutes } from "./routes/api-keys.ts";
import { authRoutes } from "./routes/auth.ts";
import { dashboardRoutes } from "./routes/dashboards.ts";
import { deviceDataRoutes } from "./routes/device-data.ts";
import { deviceRoutes } from "./routes/devices.ts";
import { resourceRoutes } from "./routes/resources.ts";
import type { AnyRestRoute } from "./route.ts";

/** Every REST route, in the order the OpenAPI document lists them. */
export const restRoutes: AnyRestRoute[] = [
  ...authRoutes,
  ...apiKeyRoutes,
  ...deviceRoutes,
  ...deviceDataRoutes,
  ...resourceRoutes,
  ...adminRoutes,
  ...dashboardRoutes,
];
