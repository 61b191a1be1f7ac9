import { adminOperations } from "../services/admin/operations.ts";
import { alarmOperations } from "../services/alarms/operations.ts";
import { apiKeyOperations } from "../services/api-keys/operations.ts";
import { assetOperations } from "../services/assets/operations.ts";
import { attributeOperations } from "../services/attributes/operations.ts";
import { auditLogOperations } from "../services/audit/operations.ts";
import { authOperations } from "../services/auth/operations.ts";
import { bulkJobOperations } from "../services/bulk-jobs/operations.ts";
import { claimingOperations } from "../services/claiming/operations.ts";
import { provisioningOperations } from "../services/provisioning/operations.ts";
import { telemetryRetentionOperations } from "../services/telemetry-retention/operations.ts";
import { customerOperations } from "../services/customers/operations.ts";
import { dashboardOperations } from "../services/dashboards/operations.ts";
import { gettingStartedOperations } from "../services/getting-started/operations.ts";
import { alarmEscalationOperations, escalationPolicyOperations } from "../services/escalation-policies/operations.ts";
import { deviceFilterOperations } from "../services/device-filters/operations.ts";
import { deviceOperations } from "../services/devices/operations.ts";
import { edgeOperations } from "../services/edges/operations.ts";
import { lwm2mOperations } from "../services/lwm2m/operations.ts";
import { lwm2mModelOperations } from "../services/lwm2m-models/operations.ts";
import { jwtIssuerOperations } from "../services/jwt-issuers/operations.ts";
import { notificationInboxOperations } from "../services/notification-inbox/operations.ts";
import { notificationRequestOperations } from "../services/notification-requests/operations.ts";
import { notificationSettingsOperations } from "../services/notification-settings/operations.ts";
import { notificationTargetOperations } from "../services/notification-targets/operations.ts";
import { notificationTemplateOperations } from "../services/notification-templates/operations.ts";
import { assetProfileOperations, deviceProfileOperations } from "../services/profiles/operations.ts";
import { notificationRuleOperations } from "../services/notification-rules/operations.ts";
import { otaCampaignOperations } from "../services/ota-campaigns/operations.ts";
import { otaPackageOperations } from "../services/ota-packages/operations.ts";
import { referenceOperations } from "../services/reference/operations.ts";
import { relationOperations } from "../services/relations/operations.ts";
import { reportOperations } from "../services/reports/operations.ts";
import { rpcOperations } from "../services/rpc/operations.ts";
import { ruleChainOperations, ruleEngineOperations } from "../services/rule-chains/operations.ts";
import { telemetryOperations } from "../services/telemetry/operations.ts";
import { userOperations } from "../services/users/operations.ts";
import { webhookOperations } from "../services/webhooks/operations.ts";
import type { AnyOperation } from "./operation.ts";

/**
 * Every operation of the platform API, by group and name. The REST router, the OpenAPI document
 * and the tRPC router (`group.name`) are all derived from this one table.
 */
export const operations = {
  auth: authOperations,
  apiKeys: apiKeyOperations,
  devices: deviceOperations,
  telemetry: telemetryOperations,
  attributes: attributeOperations,
  rpc: rpcOperations,
  lwm2m: lwm2mOperations,
  lwm2mModels: lwm2mModelOperations,
  assets: assetOperations,
  customers: customerOperations,
  deviceProfiles: deviceProfileOperations,
  assetProfiles: assetProfileOperations,
  users: userOperations,
  relations: relationOperations,
  auditLogs: auditLogOperations,
  dashboards: dashboardOperations,
  alarms: alarmOperations,
  alarmEscalations: alarmEscalationOperations,
  ruleChains: ruleChainOperations,
  ruleEngine: ruleEngineOperations,
  notificationTargets: notificationTargetOperations,
  notificationTemplates: notificationTemplateOperations,
  notificationRequests: notificationRequestOperations,
  notificationSettings: notificationSettingsOperations,
  notifications: notificationInboxOperations,
  webhooks: webhookOperations,
  notificationRules: notificationRuleOperations,
  escalationPolicies: escalationPolicyOperations,
  otaPackages: otaPackageOperations,
  otaCampaigns: otaCampaignOperations,
  deviceFilters: deviceFilterOperations,
  edges: edgeOperations,
  bulkJobs: bulkJobOperations,
  deviceProvisioning: provisioningOperations,
  deviceClaiming: claimingOperations,
  jwtIssuers: jwtIssuerOperations,
  telemetryRetention: telemetryRetentionOperations,
  admin: adminOperations,
  reference: referenceOperations,
  reports: reportOperations,
  gettingStarted: gettingStartedOperations,
};

export type Operations = typeof operations;

export interface NamedOperation {
  /** `group.name`, the tRPC path and the OpenAPI operationId. */
  name: string;
  operation: AnyOperation;
}

/** The registry as a list, in the order the OpenAPI document shows it. */
export function listOperations(): NamedOperation[] {
  return Object.entries(operations).flatMap(([group, members]) =>
    Object.entries(members as Record<string, AnyOperation>).map(([key, operation]) => ({
      name: `${group}.${key}`,
      operation,
    })),
  );
}
