export { startApiHarness, TEST_ORIGIN, type ApiHarness, type CallOptions, type CallResult } from "./api-harness.ts";
export { startResendServer, type SentEmail } from "./fake-resend.ts";
export { createWorkspace } from "../services/auth/signup.ts";
export { hashPassword } from "../auth/password.ts";
