import { z } from "zod";

export const credentialsInput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("ACCESS_TOKEN"),
    /** Omit to have a new random token generated. */
    accessToken: z
      .string()
      .min(8, "Use at least 8 characters")
      .max(128)
      .regex(/^[A-Za-z0-9._~-]+$/, "Use letters, digits and . _ ~ - only (the token goes into URLs and MQTT usernames)")
      .optional(),
  }),
  z
    .object({
      type: z.literal("MQTT_BASIC"),
      clientId: z.string().min(1).max(128).optional(),
      username: z.string().min(1).max(128).optional(),
      password: z.string().min(8).max(256),
    })
    .refine((v) => v.clientId || v.username, { message: "Give a client id, a username, or both", path: ["username"] }),
  z.object({
    type: z.literal("X509_CERTIFICATE"),
    certificatePem: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", { message: "Paste a PEM certificate" })
      .max(20_000),
  }),
  z.object({
    type: z.literal("LWM2M"),
    /** The client's endpoint name (`ep` of its registration); unique platform-wide. */
    endpoint: z
      .string()
      .trim()
      .min(1, "Give the client's endpoint name")
      .max(128)
      .regex(/^[A-Za-z0-9._~:@+-]+$/, "Use letters, digits and . _ ~ : @ + - only (as in urn:imei:123456789012345)"),
    /** Only NO_SEC for now: the endpoint name alone identifies the client (PSK over DTLS is a later step). */
    security: z.literal("NO_SEC").default("NO_SEC"),
  }),
  z.object({
    type: z.literal("JWT"),
    /** The value of the issuer's device claim (`sub` by default) in this device's tokens. */
    subject: z.string().trim().min(1, "Give the device claim's value").max(256),
  }),
]);

export const credentialsView = z.object({
  type: z.enum(["ACCESS_TOKEN", "MQTT_BASIC", "X509_CERTIFICATE", "JWT", "LWM2M"]),
  accessToken: z.string().optional(),
  clientId: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
  certificatePem: z.string().optional(),
  certificateThumbprint: z.string().optional(),
  endpoint: z.string().optional(),
  security: z.literal("NO_SEC").optional(),
  subject: z.string().optional(),
});
