import { apiKeysRouter } from "./routers/api-keys.ts";
import { authRouter } from "./routers/auth.ts";
import { deviceDataRouter } from "./routers/device-data.ts";
import { devicesRouter } from "./routers/devices.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  devices: devicesRouter,
  deviceData: deviceDataRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
