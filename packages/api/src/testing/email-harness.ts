import { startApiHarness } from "./api-harness.ts";
import { startResendServer } from "./fake-resend.ts";

/** The API harness sending its emails through the real Resend SDK to a local Resend stand-in (`resend`). */
export async function startApiHarnessWithEmail() {
  const resend = await startResendServer();
  const harness = await startApiHarness({
    email: { from: "IndustryOS <noreply@industryos.test>", resendApiKey: resend.apiKey, resendBaseUrl: resend.baseUrl },
  });
  const closeHarness = harness.close;
  return Object.assign(harness, {
    resend,
    async close() {
      await closeHarness();
      await resend.close();
    },
  });
}

export type ApiHarnessWithEmail = Awaited<ReturnType<typeof startApiHarnessWithEmail>>;
