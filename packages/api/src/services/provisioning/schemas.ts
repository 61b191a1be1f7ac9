import { z } from "zod";

export const provisionStrategy = z.enum([
  "DISABLED",
  "ALLOW_CREATE_NEW_DEVICES",
  "CHECK_PRE_PROVISIONED_DEVICES",
  "X509_CERTIFICATE_CHAIN",
]);

const pem = z
  .string()
  .includes("-----BEGIN CERTIFICATE-----", { message: "Paste the CA certificate as PEM" })
  .max(20_000);

export const provisioningInput = z.discriminatedUnion("strategy", [
  z.object({ strategy: z.literal("DISABLED") }),
  /** The key and secret are generated the first time (and kept when switching between these two). */
  z.object({ strategy: z.literal("ALLOW_CREATE_NEW_DEVICES") }),
  z.object({ strategy: z.literal("CHECK_PRE_PROVISIONED_DEVICES") }),
  z.object({
    strategy: z.literal("X509_CERTIFICATE_CHAIN"),
    /** Devices whose client certificate chains to this CA are created on their first TLS connection. */
    caCertificatePem: pem,
    /** Takes the device's name from its certificate's CN: the first group, or the whole match. */
    commonNameRegex: z.string().min(1).max(255).default("(.*)"),
    /** False: only devices created beforehand (with their certificate) may connect. */
    allowCreateNewDevices: z.boolean().default(true),
  }),
]);
export type ProvisioningInput = z.infer<typeof provisioningInput>;

export const provisioningView = z.object({
  profileId: z.string(),
  strategy: provisionStrategy,
  /** What a device sends as `provisionDeviceKey` / `provisionDeviceSecret`; null unless key-based. */
  provisionDeviceKey: z.string().nullable(),
  provisionDeviceSecret: z.string().nullable(),
  x509: z
    .object({
      caCertificatePem: z.string(),
      /** SHA-256 of the CA's DER bytes, lower-case hex. */
      caThumbprint: z.string(),
      subject: z.string(),
      validTo: z.string(),
      commonNameRegex: z.string(),
      allowCreateNewDevices: z.boolean(),
    })
    .nullable(),
});
export type ProvisioningView = z.infer<typeof provisioningView>;

/** provisionConfig of an X509_CERTIFICATE_CHAIN profile (ingest reads the same shape). */
export interface X509ProvisionConfig {
  caCertificatePem: string;
  /** The CA's subject, for devices that present only their own certificate (looked up by their issuer). */
  caSubject: string;
  commonNameRegex: string;
  allowCreateNewDevices: boolean;
}
