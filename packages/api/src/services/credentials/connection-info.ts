import type { TenantContext } from "../../context.ts";
import { getDeviceCredentials } from "./get-credentials.ts";

/** What the "connect your device" box shows: the credentials and where to send data. */
export async function getConnectionInfo(ctx: TenantContext, deviceId: string) {
  const credentials = await getDeviceCredentials(ctx, deviceId);
  return { credentials, ...ctx.deps.deviceEndpoints };
}
