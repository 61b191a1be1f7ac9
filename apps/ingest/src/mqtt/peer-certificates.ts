import { X509Certificate } from "node:crypto";
import type { DetailedPeerCertificate, PeerCertificate, TLSSocket } from "node:tls";
import type { Client } from "aedes";

/** A client certificate the server's own CA did not vouch for, with the chain the device sent above it. */
export interface PresentedCertificates {
  leaf: X509Certificate;
  chain: X509Certificate[];
}

/**
 * The certificates a TLS client presented when the server's CA (MQTT_TLS_CA) did not verify them: the candidates
 * for X.509 chain provisioning, checked against the device profiles' CAs instead. Null for plain TCP, WebSocket,
 * no certificate, or one the server's CA verified (that path needs no provisioning).
 */
export function unverifiedPeerCertificates(client: Client): PresentedCertificates | null {
  const socket = client.conn as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function" || socket.authorized) return null;
  const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | PeerCertificate;
  if (!peer?.raw?.length) return null;
  const leaf = new X509Certificate(peer.raw);
  const chain: X509Certificate[] = [];
  let next = (peer as DetailedPeerCertificate).issuerCertificate;
  // Node links the chain the client sent by issuer; a self-signed root links to itself.
  while (
    next?.raw?.length &&
    chain.length < 8 &&
    !chain.some((c) => c.raw.equals(next.raw)) &&
    !next.raw.equals(peer.raw)
  ) {
    chain.push(new X509Certificate(next.raw));
    next = next.issuerCertificate;
  }
  return { leaf, chain };
}
