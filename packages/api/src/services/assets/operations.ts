import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { createAsset } from "./create-asset.ts";
import { deleteAsset } from "./delete-asset.ts";
import { getAsset } from "./get-asset.ts";
import { listAssets } from "./list-assets.ts";
import { createAssetInput, listAssetsInput, updateAssetInput } from "./schemas.ts";
import { updateAsset } from "./update-asset.ts";

export const assetOperations = crudOperations({
  path: "/assets",
  tag: "Assets",
  noun: "asset",
  readRoles: TENANT_USERS,
  writeRoles: TENANT_ADMIN,
  listInput: listAssetsInput,
  createInput: createAssetInput,
  updateInput: updateAssetInput,
  createExample: { name: "Building A", type: "building" },
  updateExample: { label: "North wing" },
  list: listAssets,
  get: getAsset,
  create: createAsset,
  update: updateAsset,
  remove: deleteAsset,
});
