import type { z } from "zod";
import type { lwm2mResourceView } from "./schemas.ts";

interface Lwm2mObjectModelRow {
  id: string;
  objectId: number;
  version: string;
  name: string;
  resources: unknown;
  createdAt: Date;
}

export const toLwm2mModelView = (row: Lwm2mObjectModelRow) => ({
  id: row.id,
  objectId: row.objectId,
  version: row.version,
  name: row.name,
  resources: row.resources as z.infer<typeof lwm2mResourceView>[],
  createdAt: row.createdAt.toISOString(),
});
