// The widgets' name for realtime's one mapping of a data source to a subscription.
export { subscriptionSourceOf as toSubscriptionSource } from "@industryos/realtime/client";
