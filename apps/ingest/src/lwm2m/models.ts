import { readdirSync, readFileSync } from "node:fs";
import { parseDdf, type ObjectModel, type ResourceModel } from "@industryos/device-protocol/lwm2m-ddf";

export { parseDdf, type ObjectModel, type ResourceModel };

/** The object models one tenant's clients are read with, by object id. */
export type ObjectModels = ReadonlyMap<number, ObjectModel>;

/** The object models the platform ships (models/*.xml, written after the OMA registry's definitions). */
export const BUNDLED_MODELS_DIR = new URL("./models/", import.meta.url);

let bundled: Map<number, ObjectModel> | undefined;

/** The bundled models by object id, read once. */
export function bundledModels(): ObjectModels {
  bundled ??= new Map(
    readdirSync(BUNDLED_MODELS_DIR)
      .filter((file) => file.endsWith(".xml"))
      .flatMap((file) => parseDdf(readFileSync(new URL(file, BUNDLED_MODELS_DIR), "utf8")))
      .map((model) => [model.id, model]),
  );
  return bundled;
}

/** The bundled models with a tenant's uploaded ones beside them; an uploaded object id replaces the bundled one. */
export function withTenantModels(uploaded: readonly ObjectModel[]): ObjectModels {
  if (uploaded.length === 0) return bundledModels();
  const models = new Map(bundledModels());
  for (const model of uploaded) models.set(model.id, model);
  return models;
}

export function resourceModel(models: ObjectModels, objectId: number, resourceId: number): ResourceModel | undefined {
  return models.get(objectId)?.resources.get(resourceId);
}
