import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams, pagingInput } from "../shared/paging.ts";
import { getDeviceFilter } from "./find-device-filter.ts";
import { listDeviceFilters } from "./list-device-filters.ts";
import { listMatchedDevices } from "./list-matched-devices.ts";
import { createDeviceFilter, deleteDeviceFilter, updateDeviceFilter } from "./save-device-filter.ts";
import {
  createDeviceFilterInput,
  listDeviceFiltersInput,
  matchedDevicePage,
  updateDeviceFilterInput,
} from "./schemas.ts";

const tag = "Device filters";

/**
 * Saved device filters (tenant administrators): named criteria as the devices list filters, evaluated whenever
 * used. An OTA campaign can target one (`target: {savedFilterId}`) and takes the devices it matches when it starts.
 */
export const deviceFilterOperations = {
  ...crudOperations({
    path: "/device-filters",
    tag,
    noun: "device filter",
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listDeviceFiltersInput,
    createInput: createDeviceFilterInput,
    updateInput: updateDeviceFilterInput,
    createExample: {
      name: "Boilers of ACME",
      criteria: { type: "boiler", customerId: "3c9e2a61-7d3f-4f0a-8c55-9e4d1c2b3a41" },
    },
    updateExample: { criteria: { search: "boiler" } },
    list: listDeviceFilters,
    get: getDeviceFilter,
    create: createDeviceFilter,
    update: updateDeviceFilter,
    remove: deleteDeviceFilter,
  }),
  devices: defineOperation({
    method: "GET",
    path: "/device-filters/{id}/devices",
    tag,
    summary: "The devices a saved filter matches now, a page at a time (`total`: how many)",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: pagingInput,
    response: matchedDevicePage,
    handler: ({ ctx, params, query }) => listMatchedDevices(ctx, params.id, query),
  }),
};
