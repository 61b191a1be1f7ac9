import { mqttBasicCredentialsId } from "@industryos/db";

/**
 * Who is talking: resolved once from credentials by `Authenticator.authenticate` and carried by
 * every transport. The tenant comes from here and nowhere else.
 */
export interface DeviceSession {
  tenantId: string;
  deviceId: string;
  deviceName: string;
  deviceType: string;
  isGateway: boolean;
  /** When the credential stops being valid (a JWT's exp), ms since the epoch; an MQTT connection closes then. */
  expiresAt?: number;
}

/** The credential forms devices present (ThingsBoard's DeviceCredentialsType). */
export type DeviceCredentials =
  | { type: "ACCESS_TOKEN"; token: string }
  | { type: "MQTT_BASIC"; clientId: string | undefined; username: string | undefined; password: string }
  | { type: "X509_CERTIFICATE"; thumbprint: string }
  | { type: "JWT"; token: string };

/** A stored credential looked up by its platform-unique id (JWT: jwtCredentialsId of the verified tenant and claim). */
export type CredentialLookup =
  Extract<DeviceCredentials, { type: "ACCESS_TOKEN" | "X509_CERTIFICATE" }> | { type: "JWT"; credentialsId: string };

/**
 * The credentials ids an MQTT basic CONNECT may match, in ThingsBoard's order: client id +
 * username, then username alone, then client id alone.
 */
export function basicCredentialIds(credentials: Extract<DeviceCredentials, { type: "MQTT_BASIC" }>): string[] {
  const none = mqttBasicCredentialsId(null, null);
  return [
    mqttBasicCredentialsId(credentials.clientId, credentials.username),
    mqttBasicCredentialsId(null, credentials.username),
    mqttBasicCredentialsId(credentials.clientId, null),
  ].filter((id, i, all) => all.indexOf(id) === i && id !== none);
}

export function describeCredentials(credentials: DeviceCredentials): string {
  switch (credentials.type) {
    case "ACCESS_TOKEN":
      return "access token";
    case "MQTT_BASIC":
      return `MQTT basic (client id ${credentials.clientId ?? "-"}, username ${credentials.username ?? "-"})`;
    case "X509_CERTIFICATE":
      return `X.509 certificate ${credentials.thumbprint.slice(0, 12)}…`;
    case "JWT":
      return "JWT";
  }
}
