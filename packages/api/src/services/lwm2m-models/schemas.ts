import { z } from "zod";
import { pageOf, pagingInput } from "../shared/paging.ts";

/** DDF files of the OMA registry are a few to a few hundred KB. */
const MAX_DDF_CHARS = 1_000_000;

export const uploadLwm2mModelInput = z.object({
  /** The OMA DDF XML file's text: one `<Object>` inside `<LWM2M>`. */
  ddf: z
    .string({ error: "Give the DDF file's XML as text" })
    .min(1, "The DDF file is empty")
    .max(MAX_DDF_CHARS, "A DDF file may be at most 1,000,000 characters"),
});

export const listLwm2mModelsInput = pagingInput.extend({
  /** Part of the object's name, or its object id. */
  search: z.string().trim().max(255).optional(),
});

export const lwm2mResourceView = z.object({
  id: z.number(),
  name: z.string(),
  operations: z.string(),
  type: z.string(),
  multiple: z.boolean(),
  mandatory: z.boolean(),
  units: z.string(),
});

export const lwm2mModelView = z.object({
  id: z.string(),
  objectId: z.number(),
  version: z.string(),
  name: z.string(),
  resources: z.array(lwm2mResourceView),
  createdAt: z.string(),
});

export const lwm2mModelDetail = lwm2mModelView.extend({ ddf: z.string() });

export const lwm2mModelPage = pageOf(lwm2mModelView);
