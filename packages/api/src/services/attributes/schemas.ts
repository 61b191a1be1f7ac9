import { z } from "zod";

export const attributeScope = z.enum(["CLIENT", "SHARED", "SERVER"]);
/** The API writes server and shared attributes; client attributes belong to the device. */
export const writableScope = z.enum(["SHARED", "SERVER"], {
  message: "Only SHARED and SERVER attributes can be written here",
});

export const attributeKeyList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(255)).max(100));

export const listAttributesInput = z.object({
  scope: attributeScope.optional(),
  keys: attributeKeyList.optional(),
});

/** `{"targetTemperature": 21.5, "mode": "eco"}`; null values are refused (delete the key instead). */
export const attributeValues = z
  .record(
    z.string().min(1).max(255),
    z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
  )
  .refine((v) => Object.keys(v).length > 0, "Send at least one key")
  .refine((v) => Object.keys(v).length <= 100, "At most 100 keys at once");

export const attributeView = z.object({
  key: z.string(),
  value: z.unknown(),
  scope: attributeScope,
  lastUpdateTs: z.number(),
});
