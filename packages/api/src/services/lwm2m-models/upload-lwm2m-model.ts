import type { z } from "zod";
import { DdfError, parseDdf, type ObjectModel } from "@industryos/device-protocol/lwm2m-ddf";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { toLwm2mModelView } from "./lwm2m-model-view.ts";
import type { uploadLwm2mModelInput } from "./schemas.ts";

const invalid = (message: string) => new ApiError("VALIDATION_FAILED", message, [{ path: ["ddf"], message }]);

function onlyObject(ddf: string): ObjectModel {
  let objects: ObjectModel[];
  try {
    objects = parseDdf(ddf);
  } catch (error) {
    if (error instanceof DdfError) throw invalid(error.message);
    throw error;
  }
  if (objects.length !== 1)
    throw invalid(`The file defines ${objects.length} objects; upload one object per file, as the OMA registry's`);
  return objects[0]!;
}

/**
 * Stores a tenant's object model: ingest reads that tenant's LwM2M clients with it (names and
 * types of the object's resources), beside the bundled models, replacing a bundled one of the
 * same object id for this tenant only.
 */
export async function uploadLwm2mModel(ctx: TenantContext, input: z.infer<typeof uploadLwm2mModelInput>) {
  const model = onlyObject(input.ddf);
  const resources = [...model.resources.values()].sort((a, b) => a.id - b.id);
  try {
    const row = await ctx.db.lwm2mObjectModel.create({
      data: {
        tenantId: ctx.tenantId,
        objectId: model.id,
        version: model.version,
        name: model.name,
        ddfXml: input.ddf,
        resources: resources.map((r) => ({ ...r })),
      },
    });
    return toLwm2mModelView(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(`Object ${model.id} version ${model.version} is already uploaded; delete it first to replace it`);
    throw error;
  }
}
