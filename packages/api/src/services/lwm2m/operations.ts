import type { Lwm2mOperationName } from "@industryos/device-bus";
import { defineOperation, type OperationGroup } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { getLwm2mRegistration } from "./get-registration.ts";
import { runLwm2mOperation } from "./run-operation.ts";
import { lwm2mOperationInput, lwm2mRegistrationView } from "./schemas.ts";

const tag = "LwM2M";

const DESCRIPTIONS: Record<
  Lwm2mOperationName,
  { summary: string; description: string; example: { path: string; value?: string | number | boolean } }
> = {
  read: {
    summary: "Read an LwM2M object, instance or resource",
    description:
      "Answers `{path, code, contentFormat, value?, values: [{path, value}]}`: the client's answer decoded (TLV, SenML JSON, LwM2M JSON, text, opaque as base64). 404 when the client has no such path, 409 when the device is not registered, 504 when the client does not answer.",
    example: { path: "/3/0/0" },
  },
  write: {
    summary: "Write an LwM2M resource",
    description:
      "Writes `value` to one resource (typed by the resource's model). 405 when the client does not allow writing it.",
    example: { path: "/3/0/14", value: "+02:00" },
  },
  execute: {
    summary: "Execute an LwM2M resource",
    description: "Executes a resource (`/3/0/4` reboots the device); `value`, when given, is sent as the arguments.",
    example: { path: "/3/0/4" },
  },
  observe: {
    summary: "Observe an LwM2M resource",
    description:
      "Starts an observation and answers the current value. Notifications become the device's telemetry (under the key the device profile maps the path to, else under the path itself) or attributes.",
    example: { path: "/3303/0/5700" },
  },
  "cancel-observe": {
    summary: "Cancel an LwM2M observation",
    description: "Ends the observation of `path`; 404 when there is none.",
    example: { path: "/3303/0/5700" },
  },
  discover: {
    summary: "Discover an LwM2M object's resources and attributes",
    description: "Answers `links`: the client's CoRE links under `path`, with their attributes.",
    example: { path: "/3" },
  },
};

const operationOf = (name: Lwm2mOperationName) =>
  defineOperation({
    method: "POST",
    path: `/devices/{id}/lwm2m/${name}`,
    tag,
    ...DESCRIPTIONS[name],
    access: "tenant",
    // Reads are a viewer's business; writes and executes act on the device.
    roles: name === "read" || name === "discover" ? TENANT_USERS : TENANT_ADMIN,
    params: idParams,
    body: lwm2mOperationInput,
    successStatus: 200,
    handler: ({ ctx, params, body }) => runLwm2mOperation(ctx, params.id, name, body),
  });

export const lwm2mOperations = {
  registration: defineOperation({
    method: "GET",
    path: "/devices/{id}/lwm2m",
    tag,
    summary: "The device's LwM2M registration",
    description:
      "`{endpoint, lifetime, binding, lwm2mVersion, objects, registeredAt, lastUpdateAt}` while the device's client is registered; 404 otherwise.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: lwm2mRegistrationView,
    handler: ({ ctx, params }) => getLwm2mRegistration(ctx, params.id),
  }),
  read: operationOf("read"),
  write: operationOf("write"),
  execute: operationOf("execute"),
  observe: operationOf("observe"),
  cancelObserve: operationOf("cancel-observe"),
  discover: operationOf("discover"),
} satisfies OperationGroup;
