// The guard moved to @industryos/outbound-http, shared with integrator webhooks and notification webhooks.
export { isPrivateAddress } from "@industryos/outbound-http";
