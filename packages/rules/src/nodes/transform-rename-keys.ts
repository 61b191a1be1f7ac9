import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { dataObject, keyName, MESSAGE_PARTS } from "./shared.ts";

export const renameKeys = defineNode({
  type: "transform.renameKeys",
  category: "transformation",
  title: "Rename keys",
  description:
    "Renames keys of the message data (or metadata): `temp` → `temperature`. A key the message does not have is skipped; a renamed key replaces one of the new name.",
  config: z.object({
    in: z.enum(MESSAGE_PARTS).default("data"),
    renames: z
      .array(z.object({ from: keyName, to: keyName }))
      .min(1, "Add at least one rename")
      .default([{ from: "temp", to: "temperature" }]),
  }),
  relations: ["Success"],
  run: async (message, config) => {
    const source: Record<string, unknown> =
      config.in === "metadata" ? { ...message.metadata } : { ...dataObject(message, "Rename keys") };
    for (const { from, to } of config.renames) {
      if (!(from in source) || from === to) continue;
      source[to] = source[from];
      delete source[from];
    }
    return success(
      config.in === "metadata"
        ? { ...message, metadata: source as Record<string, string> }
        : { ...message, data: source },
    );
  },
});
