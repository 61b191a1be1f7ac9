import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { createProfile } from "./create-profile.ts";
import { deleteProfile } from "./delete-profile.ts";
import { getProfile } from "./get-profile.ts";
import { listProfiles } from "./list-profiles.ts";
import { deviceProfileInput, listProfilesInput, profileInput } from "./schemas.ts";
import { updateProfile } from "./update-profile.ts";

/** The update example documents alarm rules: "temperature above 30 for 5 minutes", cleared at or below the device's own threshold. */
const deviceProfileUpdateExample = {
  description: "Sends every 30 s",
  alarmRules: [
    {
      alarmType: "High temperature",
      create: {
        CRITICAL: { conditions: [{ source: "TIME_SERIES" as const, key: "temperature", op: ">" as const, value: 40 }] },
        MAJOR: {
          conditions: [{ source: "TIME_SERIES" as const, key: "temperature", op: ">" as const, value: 30 }],
          durationSeconds: 300,
        },
      },
      clear: {
        conditions: [
          {
            source: "TIME_SERIES" as const,
            key: "temperature",
            op: "<=" as const,
            value: { attribute: "normalTemperature", default: 25 },
          },
        ],
      },
      propagate: true,
      propagateRelationTypes: ["Contains"],
    },
  ],
};

/** Device profiles and asset profiles: the same operations over two tables; device profiles also hold alarm rules. */
function profileOperations(kind: "device" | "asset") {
  const input = kind === "device" ? deviceProfileInput : profileInput;
  return crudOperations({
    path: `/${kind}-profiles`,
    tag: `${kind === "device" ? "Device" : "Asset"} profiles`,
    noun: `${kind} profile`,
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listProfilesInput,
    createInput: input,
    updateInput: input.partial(),
    createExample: { name: kind === "device" ? "Thermostat" : "Building", description: "Sends every 10 s" },
    updateExample: kind === "device" ? deviceProfileUpdateExample : { description: "Sends every 30 s" },
    list: (ctx, input) => listProfiles(ctx, kind, input),
    get: (ctx, id) => getProfile(ctx, kind, id),
    create: (ctx, input) => createProfile(ctx, kind, input),
    update: (ctx, id, input) => updateProfile(ctx, kind, id, input),
    remove: (ctx, id) => deleteProfile(ctx, kind, id),
  });
}

export const deviceProfileOperations = profileOperations("device");
export const assetProfileOperations = profileOperations("asset");
