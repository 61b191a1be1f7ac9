import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { getGettingStarted, updateGettingStarted } from "./getting-started.ts";
import { gettingStartedView, updateGettingStartedInput } from "./schemas.ts";

const tag = "Getting started";

/** The console's home page: a new workspace's first steps and its counts at a glance. */
export const gettingStartedOperations = {
  get: defineOperation({
    method: "GET",
    path: "/tenant/getting-started",
    tag,
    summary: "The getting-started checklist and the workspace's counts",
    description:
      "Steps `addDevice`, `sendData` (a device has reported), `buildDashboard` and `inviteCustomer` (a customer user " +
      "exists), each done once seen done (remembered in the tenant's settings); `latestDevice`; counts of devices " +
      "(online: reported within the inactivity timeout), devices that reported today (UTC), active alarms and dashboards.",
    access: "tenant",
    roles: TENANT_ADMIN,
    response: gettingStartedView,
    handler: ({ ctx }) => getGettingStarted(ctx),
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/tenant/getting-started",
    tag,
    summary: "Dismiss the getting-started checklist, or bring it back",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: updateGettingStartedInput,
    example: { dismissed: true },
    response: gettingStartedView,
    handler: ({ ctx, body }) => updateGettingStarted(ctx, body),
  }),
};
