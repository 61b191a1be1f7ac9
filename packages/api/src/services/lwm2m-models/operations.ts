import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { deleteLwm2mModel, getLwm2mModel } from "./find-lwm2m-model.ts";
import { listLwm2mModels } from "./list-lwm2m-models.ts";
import {
  listLwm2mModelsInput,
  lwm2mModelDetail,
  lwm2mModelPage,
  lwm2mModelView,
  uploadLwm2mModelInput,
} from "./schemas.ts";
import { uploadLwm2mModel } from "./upload-lwm2m-model.ts";

const tag = "LwM2M";

export const lwm2mModelOperations = {
  upload: defineOperation({
    method: "POST",
    path: "/lwm2m/models",
    tag,
    summary: "Upload an LwM2M object model (OMA DDF XML)",
    description:
      "The tenant's LwM2M clients are then read with it: resource names and types decode their values (TLV, text) and type what profiles map to telemetry and attributes. It sits beside the bundled OMA objects (0, 1, 3, 4, 5, 6, 3303, 3304, 3306, 3311); an upload of one of those object ids replaces it for this tenant only. Clients use it from their next registration (within seconds). A file that is not well-formed XML or not a valid DDF answers 422 naming the problem; one object per file.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: uploadLwm2mModelInput,
    example: {
      ddf: '<LWM2M><Object ObjectType="MODefinition"><Name>Pressure</Name><ObjectID>10299</ObjectID><ObjectVersion>1.0</ObjectVersion><MultipleInstances>Multiple</MultipleInstances><Mandatory>Optional</Mandatory><Resources><Item ID="1"><Name>Pressure</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances><Mandatory>Mandatory</Mandatory><Type>Float</Type><Units>kPa</Units></Item></Resources></Object></LWM2M>',
    },
    response: lwm2mModelView,
    successStatus: 201,
    handler: ({ ctx, body }) => uploadLwm2mModel(ctx, body),
  }),
  list: defineOperation({
    method: "GET",
    path: "/lwm2m/models",
    tag,
    summary: "List the tenant's uploaded LwM2M object models",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listLwm2mModelsInput,
    response: lwm2mModelPage,
    handler: ({ ctx, query }) => listLwm2mModels(ctx, query),
  }),
  get: defineOperation({
    method: "GET",
    path: "/lwm2m/models/{id}",
    tag,
    summary: "Get an uploaded LwM2M object model with its DDF file",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: lwm2mModelDetail,
    handler: ({ ctx, params }) => getLwm2mModel(ctx, params.id),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/lwm2m/models/{id}",
    tag,
    summary: "Delete an uploaded LwM2M object model",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteLwm2mModel(ctx, params.id),
  }),
};
