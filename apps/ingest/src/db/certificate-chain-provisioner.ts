import { X509Certificate } from "node:crypto";
import { Prisma, type SystemClient } from "@industryos/db";
import {
  caProvisionKey,
  certificateSha256,
  deviceNameFromCertificate,
  verifiedIssuers,
} from "@industryos/device-protocol/x509-provisioning";
import type { Logger } from "@industryos/runtime";
import type { CertificateChainProvisioner } from "../core/certificate-provisioning.ts";

/** What the API stores in an X509_CERTIFICATE_CHAIN profile's provisionConfig. */
interface X509ProvisionConfig {
  caCertificatePem: string;
  caSubject: string;
  commonNameRegex: string;
  allowCreateNewDevices: boolean;
}

const UNIQUE_VIOLATION = "P2002";

/**
 * Profiles are found by the CA's key (`x509:{sha256}`, platform-wide unique) for every issuer the device sent and
 * verified; a device that sent only its own certificate is matched by its issuer's subject and verified against
 * each such profile's CA. The device is the one whose X509 credential is this certificate (of the profile's
 * tenant), or a new device of the profile named by the certificate's CN.
 */
export class PgCertificateChainProvisioner implements CertificateChainProvisioner {
  constructor(
    private readonly system: SystemClient,
    private readonly logger: Logger,
  ) {}

  private async profileFor(leaf: X509Certificate, chain: X509Certificate[]) {
    const keys = verifiedIssuers(leaf, chain).map((ca) => caProvisionKey(certificateSha256(ca)));
    if (keys.length > 0) {
      const byKey = await this.system.deviceProfile.findFirst({
        where: { provisionType: "X509_CERTIFICATE_CHAIN", provisionDeviceKey: { in: keys } },
      });
      if (byKey) return byKey;
    }
    const candidates = await this.system.deviceProfile.findMany({
      where: { provisionType: "X509_CERTIFICATE_CHAIN", provisionConfig: { path: ["caSubject"], equals: leaf.issuer } },
      take: 10,
    });
    return candidates.find((p) => {
      const ca = new X509Certificate((p.provisionConfig as unknown as X509ProvisionConfig).caCertificatePem);
      return verifiedIssuers(leaf, [ca]).length > 0;
    });
  }

  async provision(leaf: X509Certificate, chain: X509Certificate[]) {
    const profile = await this.profileFor(leaf, chain);
    if (!profile) return null;
    const thumbprint = certificateSha256(leaf);
    const holder = await this.system.deviceCredential.findUnique({ where: { credentialsId: thumbprint } });
    if (holder) return holder.tenantId === profile.tenantId ? { thumbprint } : null;
    const config = profile.provisionConfig as unknown as X509ProvisionConfig;
    if (!config.allowCreateNewDevices) return null;
    const name = deviceNameFromCertificate(leaf, config.commonNameRegex);
    if (!name) return null;
    try {
      await this.system.device.create({
        data: {
          tenantId: profile.tenantId,
          deviceProfileId: profile.id,
          name,
          credentials: {
            create: {
              type: "X509_CERTIFICATE",
              credentialsId: thumbprint,
              certificatePem: leaf.toString().trim(),
            },
          },
        },
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION)) throw error;
      // The same device connecting twice at once created it; a name taken by another device is refused.
      const created = await this.system.deviceCredential.findUnique({ where: { credentialsId: thumbprint } });
      return created?.tenantId === profile.tenantId ? { thumbprint } : null;
    }
    // Never looked up before (an unverified certificate counts only through this path), so no cache to drop.
    this.logger.info({ tenantId: profile.tenantId, profileId: profile.id, name }, "device provisioned by X.509 chain");
    return { thumbprint };
  }
}
