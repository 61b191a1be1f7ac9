/**
 * DeviceCredential.credentialsId of a JWT credential: the value of the issuer's device claim,
 * scoped to the tenant. Two tenants may trust the same issuer and name devices alike; the
 * credentialsId stays unique platform-wide, and ingest finds the device from the issuer's tenant.
 */
export function jwtCredentialsId(tenantId: string, subject: string): string {
  return `jwt:${tenantId}:${subject}`;
}
