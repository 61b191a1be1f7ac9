export { startApiHarness, TEST_ORIGIN, type ApiHarness, type CallOptions, type CallResult } from "./api-harness.ts";
export { uploadOtaPackage } from "./upload-ota-package.ts";
export { startResendServer, type SentEmail } from "./fake-resend.ts";
export { startTwilioServer, type SentSms, type TwilioServer } from "./fake-twilio.ts";
export { startSlackServer, type SlackPost, type SlackServer } from "./fake-slack.ts";
export {
  startWebhookReceiver,
  type ReceivedDelivery,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from "./webhook-receiver.ts";
export { createWorkspace } from "../services/auth/signup.ts";
export { hashPassword } from "../auth/password.ts";
