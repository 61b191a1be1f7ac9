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
}

/** The credential forms devices present (ThingsBoard's DeviceCredentialsType). */
export type DeviceCredentials =
  | { type: "ACCESS_TOKEN"; token: string }
  | { type: "MQTT_BASIC"; clientId: string | undefined; username: string | undefined; password: string }
  | { type: "X509_CERTIFICATE"; thumbprint: string };

export function describeCredentials(credentials: DeviceCredentials): string {
  switch (credentials.type) {
    case "ACCESS_TOKEN":
      return "access token";
    case "MQTT_BASIC":
      return `MQTT basic (client id ${credentials.clientId ?? "-"}, username ${credentials.username ?? "-"})`;
    case "X509_CERTIFICATE":
      return `X.509 certificate ${credentials.thumbprint.slice(0, 12)}…`;
  }
}
