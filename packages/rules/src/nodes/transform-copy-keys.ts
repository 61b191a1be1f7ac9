import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { dataObject, keyList, MESSAGE_PARTS, withValues } from "./shared.ts";

export const copyKeys = defineNode({
  type: "transform.copyKeys",
  category: "transformation",
  title: "Copy keys",
  description:
    "Copies keys between the message data and its metadata (metadata → data by default): `deviceName` from the metadata into the data. Keys the source lacks are skipped; values copied into metadata become text.",
  config: z
    .object({
      keys: keyList.default(["deviceName"]),
      from: z.enum(MESSAGE_PARTS).default("metadata"),
      to: z.enum(MESSAGE_PARTS).default("data"),
    })
    .refine((c) => c.from !== c.to, { message: "Copy from data to metadata or back", path: ["to"] }),
  relations: ["Success"],
  run: async (message, config) => {
    const source: Record<string, unknown> =
      config.from === "metadata" ? message.metadata : dataObject(message, "Copy keys");
    const values: Record<string, unknown> = {};
    for (const key of config.keys) if (key in source) values[key] = source[key];
    return success(withValues(message, config.to, values, "Copy keys"));
  },
});
