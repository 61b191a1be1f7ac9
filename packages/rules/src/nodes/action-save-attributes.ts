import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode, success } from "../node.ts";
import { ATTRIBUTE_SCOPES } from "../services.ts";
import { dataObject } from "./shared.ts";

export const saveAttributes = defineNode({
  type: "action.saveAttributes",
  category: "action",
  title: "Save attributes",
  description:
    "Stores the message's key/value data as attributes of its originator, in the scope chosen (SERVER by default; SHARED only for devices, which then receive them). An older message never overwrites a newer value.",
  config: z.object({ scope: z.enum(ATTRIBUTE_SCOPES).default("SERVER") }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    const values = dataObject(message, "Save attributes");
    if (config.scope === "SHARED" && message.originator.type !== "DEVICE")
      throw new PermanentError(`Only devices have SHARED attributes, not a ${message.originator.type}`);
    const ts = Number(message.metadata.ts ?? message.ts);
    if (Object.keys(values).length > 0)
      await services.attributes.save(
        message.tenantId,
        message.originator,
        config.scope,
        values,
        Number.isFinite(ts) ? ts : message.ts,
      );
    return success(message);
  },
});
