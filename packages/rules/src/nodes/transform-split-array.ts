import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { deriveMessage } from "../message.ts";
import { defineNode } from "../node.ts";

/** Most messages one array becomes; a longer array is a failure rather than a flood. */
export const MAX_SPLIT = 1000;

export const splitArray = defineNode({
  type: "transform.splitArray",
  category: "transformation",
  title: "Split array",
  description: `A message whose data is an array becomes one message per element (same originator and metadata), each sent to Success in order; an empty array sends nothing. Data that is not an array, or more than ${MAX_SPLIT} elements, is a Failure.`,
  config: z.object({}),
  relations: ["Success"],
  run: async (message, _config, { nodeId }) => {
    if (!Array.isArray(message.data)) throw new PermanentError("Split array needs an array as the message data");
    if (message.data.length > MAX_SPLIT)
      throw new PermanentError(`Split array takes at most ${MAX_SPLIT} elements; this one has ${message.data.length}`);
    return message.data.map((element: unknown, i: number) => ({
      relation: "Success",
      message: deriveMessage(message, { data: element }, `${nodeId ?? "split"}/${i}`),
    }));
  },
});
