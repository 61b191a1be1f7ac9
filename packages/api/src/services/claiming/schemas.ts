import { z } from "zod";
import { deviceView } from "../devices/schemas.ts";

/** A device name in the path; names may hold spaces and slashes, so the console encodes them. */
export const deviceNameParams = z.object({ deviceName: z.string().min(1).max(255) });

export const claimDeviceInput = z.object({
  secretKey: z.string().min(1, "Give the device's claim secret").max(255),
});

export const claimResult = z.object({
  /** ALREADY_CLAIMED: the device was your customer's already (nothing changed). */
  status: z.enum(["SUCCESS", "ALREADY_CLAIMED"]),
  device: deviceView,
});
