import { z } from "zod";
import { defineNode } from "../node.ts";
import { isRecord, keyName } from "./shared.ts";

export const checkFields = defineNode({
  type: "filter.checkFields",
  category: "filter",
  title: "Check fields",
  description:
    "True when the message data has the listed keys and its metadata the listed metadata keys — all of them, or (with `all` off) at least one. A key whose value is null counts as absent.",
  config: z
    .object({
      dataKeys: z.array(keyName).default([]),
      metadataKeys: z.array(keyName).default([]),
      all: z.boolean().default(true),
    })
    .refine((c) => c.dataKeys.length + c.metadataKeys.length > 0, {
      message: "Name at least one data or metadata key",
      path: ["dataKeys"],
    }),
  relations: ["True", "False"],
  run: async (message, config) => {
    const data = isRecord(message.data) ? message.data : {};
    const present = [
      ...config.dataKeys.map((key) => data[key] !== undefined && data[key] !== null),
      ...config.metadataKeys.map((key) => message.metadata[key] !== undefined),
    ];
    const matches = config.all ? present.every(Boolean) : present.some(Boolean);
    return [{ relation: matches ? "True" : "False", message }];
  },
});
