import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { createProfile } from "./create-profile.ts";
import { deleteProfile } from "./delete-profile.ts";
import { getProfile } from "./get-profile.ts";
import { listProfiles } from "./list-profiles.ts";
import { listProfilesInput, profileInput } from "./schemas.ts";
import { updateProfile } from "./update-profile.ts";

/** Device profiles and asset profiles: the same operations over two tables. */
function profileOperations(kind: "device" | "asset") {
  return crudOperations({
    path: `/${kind}-profiles`,
    tag: `${kind === "device" ? "Device" : "Asset"} profiles`,
    noun: `${kind} profile`,
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listProfilesInput,
    createInput: profileInput,
    updateInput: profileInput.partial(),
    createExample: { name: kind === "device" ? "Thermostat" : "Building", description: "Sends every 10 s" },
    updateExample: { description: "Sends every 30 s" },
    list: (ctx, input) => listProfiles(ctx, kind, input),
    get: (ctx, id) => getProfile(ctx, kind, id),
    create: (ctx, input) => createProfile(ctx, kind, input),
    update: (ctx, id, input) => updateProfile(ctx, kind, id, input),
    remove: (ctx, id) => deleteProfile(ctx, kind, id),
  });
}

export const deviceProfileOperations = profileOperations("device");
export const assetProfileOperations = profileOperations("asset");
