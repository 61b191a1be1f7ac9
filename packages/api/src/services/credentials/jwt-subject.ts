import { jwtCredentialsId } from "@industryos/db";

/** The device claim's value back from a JWT credential's credentialsId (`jwt:<tenantId>:<subject>`). */
export function jwtSubjectOf(tenantId: string, credentialsId: string): string {
  const prefix = jwtCredentialsId(tenantId, "");
  return credentialsId.startsWith(prefix) ? credentialsId.slice(prefix.length) : credentialsId;
}
