import { z } from "zod";
import { defineNode } from "../node.ts";

export const messageTypeFilter = defineNode({
  type: "filter.messageType",
  category: "filter",
  title: "Message type",
  description: "True when the message's type is one of the listed types (POST_TELEMETRY_REQUEST, ...).",
  config: z.object({ types: z.array(z.string().min(1)).min(1, "Pick at least one message type") }),
  relations: ["True", "False"],
  run: async (message, config) => [{ relation: config.types.includes(message.type) ? "True" : "False", message }],
});
