// X.509 certificate-chain provisioning (ThingsBoard's X509_CERTIFICATE_CHAIN): a device profile names a CA
// certificate; a device whose TLS client certificate chains to it is created on its first connection. The API
// stores the profile's key as caProvisionKey(thumbprint of the CA); ingest walks the chain the device presented
// and looks each certificate's key up. Node only (node:crypto): import it by this path, never from the index.
import { createHash, type X509Certificate } from "node:crypto";

/** SHA-256 of the certificate's DER bytes, lower-case hex: the thumbprint credentials and keys use. */
export function certificateSha256(certificate: X509Certificate | Buffer): string {
  const der = Buffer.isBuffer(certificate) ? certificate : certificate.raw;
  return createHash("sha256").update(der).digest("hex");
}

/** DeviceProfile.provisionDeviceKey of an X509_CERTIFICATE_CHAIN profile: platform-wide unique, like every key. */
export const caProvisionKey = (caThumbprint: string) => `x509:${caThumbprint}`;

/** Why a CA certificate cannot anchor provisioning, or null when it can. */
export function caCertificateProblem(certificate: X509Certificate, now = new Date()): string | null {
  if (!certificate.ca) return "The certificate is not a CA certificate (basicConstraints CA:TRUE)";
  if (new Date(certificate.validTo) < now) return "The CA certificate has expired";
  return null;
}

/** The device's name from its certificate's CN: the pattern's first group, or its whole match; null if none. */
export function deviceNameFromCertificate(certificate: X509Certificate, commonNameRegex: string): string | null {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1]?.trim();
  if (!cn) return null;
  let pattern: RegExp;
  try {
    pattern = new RegExp(commonNameRegex);
  } catch {
    return null;
  }
  const match = pattern.exec(cn);
  const name = match ? (match[1] ?? match[0]) : null;
  return name && name.length <= 255 ? name : null;
}

/**
 * The certificates above `leaf` in the chain the device presented, each verified to have signed the one below it
 * and valid now, in order up to the first that is not; the device's own certificate is not among them. A chain
 * the device sent out of order or with gaps simply ends early.
 */
export function verifiedIssuers(
  leaf: X509Certificate,
  presented: X509Certificate[],
  now = new Date(),
): X509Certificate[] {
  const valid = (c: X509Certificate) => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
  if (!valid(leaf)) return [];
  const issuers: X509Certificate[] = [];
  let child = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const parent = presented.find((c) => c !== child && c.ca && child.checkIssued(c) && child.verify(c.publicKey));
    if (!parent || !valid(parent) || issuers.includes(parent)) break;
    issuers.push(parent);
    child = parent;
  }
  return issuers;
}
