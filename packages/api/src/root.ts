import { adminRouter } from "./routers/admin.ts";
import { apiKeysRouter } from "./routers/api-keys.ts";
import { authRouter } from "./routers/auth.ts";
import { deviceDataRouter } from "./routers/device-data.ts";
import { devicesRouter } from "./routers/devices.ts";
import {
  assetsRouter,
  auditLogsRouter,
  customersRouter,
  profilesRouter,
  relationsRouter,
  usersRouter,
} from "./routers/resources.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  devices: devicesRouter,
  deviceData: deviceDataRouter,
  apiKeys: apiKeysRouter,
  assets: assetsRouter,
  customers: customersRouter,
  profiles: profilesRouter,
  users: usersRouter,
  relations: relationsRouter,
  auditLogs: auditLogsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
