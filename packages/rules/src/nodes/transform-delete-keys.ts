import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { dataObject, keyList, MESSAGE_PARTS } from "./shared.ts";

export const deleteKeys = defineNode({
  type: "transform.deleteKeys",
  category: "transformation",
  title: "Delete keys",
  description: "Removes keys from the message data (or metadata); keys it does not have are skipped.",
  config: z.object({
    keys: keyList.default(["password"]),
    from: z.enum(MESSAGE_PARTS).default("data"),
  }),
  relations: ["Success"],
  run: async (message, config) => {
    const source: Record<string, unknown> =
      config.from === "metadata" ? { ...message.metadata } : { ...dataObject(message, "Delete keys") };
    for (const key of config.keys) delete source[key];
    return success(
      config.from === "metadata"
        ? { ...message, metadata: source as Record<string, string> }
        : { ...message, data: source },
    );
  },
});
