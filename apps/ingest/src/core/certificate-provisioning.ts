import type { X509Certificate } from "node:crypto";

/**
 * X.509 chain provisioning: finds the device profile whose CA the presented certificate chains to and the device
 * holding that certificate, creating it (named by its CN) when the profile allows. Answers the certificate's
 * thumbprint, the credential to authenticate with, or null when no profile vouches for it.
 */
export interface CertificateChainProvisioner {
  provision(leaf: X509Certificate, chain: X509Certificate[]): Promise<{ thumbprint: string } | null>;
}
