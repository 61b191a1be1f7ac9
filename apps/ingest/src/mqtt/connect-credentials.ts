import type { TLSSocket } from "node:tls";
import type { Client } from "aedes";
import { sha256Hex } from "../core/authenticator.ts";
import { looksLikeJwt } from "../core/jwt/jwt-shape.ts";
import type { DeviceCredentials } from "../core/session.ts";

/** The certificate the client presented on a TLS connection, if any (verified against the CA by the TLS layer). */
function peerCertificateDer(client: Client): Buffer | null {
  const socket = client.conn as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return null;
  const certificate = socket.getPeerCertificate();
  return certificate?.raw && certificate.raw.length > 0 ? certificate.raw : null;
}

/**
 * Which credential a CONNECT carries, following ThingsBoard: a client certificate wins; a
 * username without a password is an access token; a JWT as the password (any username) is a
 * JWT credential; any other password means MQTT basic credentials (client id and/or username + password).
 */
export function credentialsFromConnect(
  client: Client,
  username: string | undefined,
  password: Buffer | undefined,
): DeviceCredentials | null {
  const der = peerCertificateDer(client);
  if (der) return { type: "X509_CERTIFICATE", thumbprint: sha256Hex(der) };
  const passwordText = password && password.length > 0 ? password.toString("utf8") : undefined;
  if (passwordText !== undefined && looksLikeJwt(passwordText)) return { type: "JWT", token: passwordText };
  if (passwordText !== undefined) {
    return {
      type: "MQTT_BASIC",
      clientId: client.id || undefined,
      username: username || undefined,
      password: passwordText,
    };
  }
  if (username) return { type: "ACCESS_TOKEN", token: username };
  return null;
}

export function remoteAddressOf(client: Client): string | undefined {
  const socket = client.conn as { remoteAddress?: string };
  return socket.remoteAddress ?? client.req?.socket.remoteAddress;
}
