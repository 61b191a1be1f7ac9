import { ApiError } from "../../errors.ts";
import type { VisibleEntity } from "../entities/find-visible-entity.ts";

/**
 * SHARED attributes are pushed to a device (ThingsBoard's semantics): only devices have them.
 * Every entity has SERVER attributes.
 */
export function assertWritableScope(entity: VisibleEntity, scope: "SHARED" | "SERVER") {
  if (scope === "SHARED" && entity.type !== "DEVICE") {
    throw new ApiError("VALIDATION_FAILED", "Only devices have SHARED attributes; use SERVER for this entity", [
      { path: ["scope"], message: "SHARED attributes exist only for devices" },
    ]);
  }
}
