export {
  addressRefusal,
  classifyAddress,
  isPrivateAddress,
  type AddressClass,
  type OutboundPolicy,
} from "./address-policy.ts";
export { OutboundRefusal, OutboundTimeout } from "./refusal.ts";
export { allowedAddresses, guardedLookup, resolveAllowedAddress, systemResolve, type Resolve } from "./resolve.ts";
export {
  checkDestination,
  checkUrl,
  createOutboundClient,
  type OutboundClient,
  type OutboundClientOptions,
  type OutboundRequest,
  type OutboundResponse,
} from "./outbound-client.ts";
