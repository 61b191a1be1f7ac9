import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import {
  createAsset,
  createAssetInput,
  deleteAsset,
  getAsset,
  listAssets,
  listAssetsInput,
  updateAsset,
  updateAssetInput,
} from "./assets.ts";

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
