import { z } from "zod";

/** `/3/0/0`: object, instance, resource (and resource instance); ids 0..65535. */
export const lwm2mPath = z
  .string()
  .trim()
  .regex(/^\/\d{1,5}(\/\d{1,5}){0,3}$/, "Write an LwM2M path such as /3/0/0 (object/instance/resource)")
  .refine(
    (path) =>
      path
        .split("/")
        .slice(1)
        .every((id) => Number(id) <= 65535),
    "LwM2M ids go up to 65535",
  );

export const lwm2mOperationInput = z.object({
  path: lwm2mPath,
  /** write: the resource's new value; execute: its arguments, as text. */
  value: z.union([z.string().max(65_536), z.number(), z.boolean()]).optional(),
  /** How long to wait for the client's answer. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

export const lwm2mRegistrationView = z.object({
  endpoint: z.string(),
  lifetime: z.number().int(),
  binding: z.string(),
  lwm2mVersion: z.string(),
  objects: z.array(
    z.object({
      path: z.string(),
      objectId: z.number().int(),
      instanceId: z.number().int().optional(),
      version: z.string().optional(),
      name: z.string().optional(),
    }),
  ),
  registeredAt: z.string(),
  lastUpdateAt: z.string(),
});
