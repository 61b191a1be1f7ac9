import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";

export const deviceProfileSwitch = defineNode({
  type: "filter.deviceProfile",
  category: "filter",
  title: "Device profile switch",
  description:
    "Sends the message along the connection named like its device's profile (`Thermostats`, `default`): label each connection with a profile name. A message from anything but a device, or from a deleted device, is a Failure.",
  config: z.object({}),
  relations: [],
  anyRelation: true,
  run: async (message, _config, { services }) => {
    if (message.originator.type !== "DEVICE")
      throw new PermanentError(`Device profile switch needs a device's message, not a ${message.originator.type}'s`);
    const fields = await services.entities.fields(message.tenantId, message.originator);
    if (!fields?.profileName) throw new PermanentError(`Device ${message.originator.id} was not found`);
    return [{ relation: fields.profileName, message }];
  },
});
