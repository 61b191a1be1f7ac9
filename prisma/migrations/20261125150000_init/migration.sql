-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('SYS_ADMIN', 'TENANT_ADMIN', 'CUSTOMER_USER');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('TENANT', 'CUSTOMER', 'USER', 'DEVICE', 'DEVICE_PROFILE', 'ASSET', 'ASSET_PROFILE', 'DASHBOARD', 'RULE_CHAIN', 'ALARM', 'API_KEY');

-- CreateEnum
CREATE TYPE "TransportType" AS ENUM ('DEFAULT', 'MQTT', 'COAP', 'LWM2M', 'SNMP');

-- CreateEnum
CREATE TYPE "ProvisionType" AS ENUM ('DISABLED', 'ALLOW_CREATE_NEW_DEVICES', 'CHECK_PRE_PROVISIONED_DEVICES', 'X509_CERTIFICATE_CHAIN');

-- CreateEnum
CREATE TYPE "DeviceCredentialType" AS ENUM ('ACCESS_TOKEN', 'MQTT_BASIC', 'X509_CERTIFICATE');

-- CreateEnum
CREATE TYPE "RelationTypeGroup" AS ENUM ('COMMON', 'DASHBOARD', 'RULE_CHAIN', 'RULE_NODE');

-- CreateEnum
CREATE TYPE "AttributeScope" AS ENUM ('CLIENT', 'SHARED', 'SERVER');

-- CreateEnum
CREATE TYPE "AlarmSeverity" AS ENUM ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE');

-- CreateEnum
CREATE TYPE "AuditStatus" AS ENUM ('SUCCESS', 'FAILURE');

-- CreateEnum
CREATE TYPE "RpcStatus" AS ENUM ('QUEUED', 'SENT', 'DELIVERED', 'SUCCESSFUL', 'TIMEOUT', 'EXPIRED', 'FAILED');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "email" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "customerId" UUID,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "UserRole" NOT NULL,
    "passwordHash" TEXT,
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "disabledAt" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "tenantId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "rememberMe" BOOLEAN NOT NULL DEFAULT false,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "lastSeenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailVerificationToken" (
    "id" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailVerificationToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "address" JSONB,
    "isPublic" BOOLEAN NOT NULL DEFAULT false,
    "additionalInfo" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceProfile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "transportType" "TransportType" NOT NULL DEFAULT 'DEFAULT',
    "transportConfig" JSONB NOT NULL DEFAULT '{}',
    "provisionType" "ProvisionType" NOT NULL DEFAULT 'DISABLED',
    "provisionDeviceKey" TEXT,
    "provisionDeviceSecret" TEXT,
    "provisionConfig" JSONB NOT NULL DEFAULT '{}',
    "alarmRules" JSONB NOT NULL DEFAULT '[]',
    "defaultRuleChainId" UUID,
    "defaultDashboardId" UUID,
    "defaultQueueName" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "customerId" UUID,
    "deviceProfileId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT,
    "type" TEXT NOT NULL DEFAULT 'default',
    "isGateway" BOOLEAN NOT NULL DEFAULT false,
    "gatewayId" UUID,
    "additionalInfo" JSONB,
    "lastActivityAt" TIMESTAMPTZ(3),
    "lastConnectAt" TIMESTAMPTZ(3),
    "lastDisconnectAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceCredential" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "type" "DeviceCredentialType" NOT NULL,
    "credentialsId" TEXT NOT NULL,
    "mqttClientId" TEXT,
    "mqttUsername" TEXT,
    "mqttPasswordHash" TEXT,
    "certificatePem" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetProfile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "defaultRuleChainId" UUID,
    "defaultDashboardId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssetProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Asset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "customerId" UUID,
    "assetProfileId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT,
    "type" TEXT NOT NULL DEFAULT 'default',
    "additionalInfo" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntityRelation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "fromType" "EntityType" NOT NULL,
    "fromId" UUID NOT NULL,
    "toType" "EntityType" NOT NULL,
    "toId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "typeGroup" "RelationTypeGroup" NOT NULL DEFAULT 'COMMON',
    "additionalInfo" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntityRelation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attribute" (
    "tenantId" UUID NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "entityId" UUID NOT NULL,
    "scope" "AttributeScope" NOT NULL,
    "key" TEXT NOT NULL,
    "boolValue" BOOLEAN,
    "longValue" BIGINT,
    "doubleValue" DOUBLE PRECISION,
    "stringValue" TEXT,
    "jsonValue" JSONB,
    "lastUpdateTs" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attribute_pkey" PRIMARY KEY ("tenantId","entityId","scope","key")
);

-- CreateTable
CREATE TABLE "Dashboard" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "configuration" JSONB NOT NULL DEFAULT '{}',
    "image" TEXT,
    "mobileHide" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dashboard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardCustomer" (
    "tenantId" UUID NOT NULL,
    "dashboardId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DashboardCustomer_pkey" PRIMARY KEY ("tenantId","dashboardId","customerId")
);

-- CreateTable
CREATE TABLE "RuleChain" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "root" BOOLEAN NOT NULL DEFAULT false,
    "debugMode" BOOLEAN NOT NULL DEFAULT false,
    "configuration" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleChain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alarm" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "customerId" UUID,
    "originatorType" "EntityType" NOT NULL,
    "originatorId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "severity" "AlarmSeverity" NOT NULL,
    "acknowledged" BOOLEAN NOT NULL DEFAULT false,
    "cleared" BOOLEAN NOT NULL DEFAULT false,
    "assigneeId" UUID,
    "startTs" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endTs" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ackTs" TIMESTAMPTZ(3),
    "clearTs" TIMESTAMPTZ(3),
    "assignTs" TIMESTAMPTZ(3),
    "details" JSONB,
    "propagate" BOOLEAN NOT NULL DEFAULT false,
    "propagateToOwner" BOOLEAN NOT NULL DEFAULT false,
    "propagateToTenant" BOOLEAN NOT NULL DEFAULT false,
    "propagateRelationTypes" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "customerId" UUID,
    "userId" UUID,
    "userEmail" TEXT,
    "entityType" "EntityType",
    "entityId" UUID,
    "entityName" TEXT,
    "actionType" TEXT NOT NULL,
    "actionData" JSONB,
    "status" "AuditStatus" NOT NULL DEFAULT 'SUCCESS',
    "failureDetails" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RpcRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "requestId" SERIAL NOT NULL,
    "method" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" "RpcStatus" NOT NULL DEFAULT 'QUEUED',
    "response" JSONB,
    "oneway" BOOLEAN NOT NULL DEFAULT false,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RpcRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_tenantId_customerId_idx" ON "User"("tenantId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "User_tenantId_id_key" ON "User"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Session_tenantId_userId_idx" ON "Session"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_createdAt_idx" ON "ApiKey"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "PasswordResetToken_userId_idx" ON "PasswordResetToken"("userId");

-- CreateIndex
CREATE INDEX "EmailVerificationToken_userId_idx" ON "EmailVerificationToken"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_tenantId_id_key" ON "Customer"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_tenantId_title_key" ON "Customer"("tenantId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceProfile_provisionDeviceKey_key" ON "DeviceProfile"("provisionDeviceKey");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceProfile_tenantId_id_key" ON "DeviceProfile"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceProfile_tenantId_name_key" ON "DeviceProfile"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Device_tenantId_customerId_idx" ON "Device"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "Device_tenantId_deviceProfileId_idx" ON "Device"("tenantId", "deviceProfileId");

-- CreateIndex
CREATE INDEX "Device_tenantId_gatewayId_idx" ON "Device"("tenantId", "gatewayId");

-- CreateIndex
CREATE UNIQUE INDEX "Device_tenantId_id_key" ON "Device"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Device_tenantId_name_key" ON "Device"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceCredential_credentialsId_key" ON "DeviceCredential"("credentialsId");

-- CreateIndex
CREATE INDEX "DeviceCredential_tenantId_deviceId_idx" ON "DeviceCredential"("tenantId", "deviceId");

-- CreateIndex
CREATE UNIQUE INDEX "AssetProfile_tenantId_id_key" ON "AssetProfile"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AssetProfile_tenantId_name_key" ON "AssetProfile"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Asset_tenantId_customerId_idx" ON "Asset"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "Asset_tenantId_assetProfileId_idx" ON "Asset"("tenantId", "assetProfileId");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_tenantId_id_key" ON "Asset"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_tenantId_name_key" ON "Asset"("tenantId", "name");

-- CreateIndex
CREATE INDEX "EntityRelation_tenantId_toId_type_typeGroup_idx" ON "EntityRelation"("tenantId", "toId", "type", "typeGroup");

-- CreateIndex
CREATE UNIQUE INDEX "EntityRelation_tenantId_fromId_type_typeGroup_toId_key" ON "EntityRelation"("tenantId", "fromId", "type", "typeGroup", "toId");

-- CreateIndex
CREATE INDEX "Dashboard_tenantId_title_idx" ON "Dashboard"("tenantId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "Dashboard_tenantId_id_key" ON "Dashboard"("tenantId", "id");

-- CreateIndex
CREATE INDEX "DashboardCustomer_tenantId_customerId_idx" ON "DashboardCustomer"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "RuleChain_tenantId_name_idx" ON "RuleChain"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RuleChain_tenantId_id_key" ON "RuleChain"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Alarm_tenantId_originatorId_type_idx" ON "Alarm"("tenantId", "originatorId", "type");

-- CreateIndex
CREATE INDEX "Alarm_tenantId_createdAt_idx" ON "Alarm"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Alarm_tenantId_cleared_acknowledged_severity_idx" ON "Alarm"("tenantId", "cleared", "acknowledged", "severity");

-- CreateIndex
CREATE INDEX "AuditLog_tenantId_createdAt_idx" ON "AuditLog"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_tenantId_entityId_createdAt_idx" ON "AuditLog"("tenantId", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_tenantId_userId_createdAt_idx" ON "AuditLog"("tenantId", "userId", "createdAt");

-- CreateIndex
CREATE INDEX "RpcRequest_tenantId_deviceId_status_createdAt_idx" ON "RpcRequest"("tenantId", "deviceId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "RpcRequest_status_expiresAt_idx" ON "RpcRequest"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "RpcRequest_tenantId_deviceId_requestId_key" ON "RpcRequest"("tenantId", "deviceId", "requestId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_createdById_fkey" FOREIGN KEY ("tenantId", "createdById") REFERENCES "User"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailVerificationToken" ADD CONSTRAINT "EmailVerificationToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_tenantId_defaultRuleChainId_fkey" FOREIGN KEY ("tenantId", "defaultRuleChainId") REFERENCES "RuleChain"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_tenantId_defaultDashboardId_fkey" FOREIGN KEY ("tenantId", "defaultDashboardId") REFERENCES "Dashboard"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_deviceProfileId_fkey" FOREIGN KEY ("tenantId", "deviceProfileId") REFERENCES "DeviceProfile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_gatewayId_fkey" FOREIGN KEY ("tenantId", "gatewayId") REFERENCES "Device"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceCredential" ADD CONSTRAINT "DeviceCredential_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceCredential" ADD CONSTRAINT "DeviceCredential_tenantId_deviceId_fkey" FOREIGN KEY ("tenantId", "deviceId") REFERENCES "Device"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssetProfile" ADD CONSTRAINT "AssetProfile_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_tenantId_assetProfileId_fkey" FOREIGN KEY ("tenantId", "assetProfileId") REFERENCES "AssetProfile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntityRelation" ADD CONSTRAINT "EntityRelation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attribute" ADD CONSTRAINT "Attribute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dashboard" ADD CONSTRAINT "Dashboard_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DashboardCustomer" ADD CONSTRAINT "DashboardCustomer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DashboardCustomer" ADD CONSTRAINT "DashboardCustomer_tenantId_dashboardId_fkey" FOREIGN KEY ("tenantId", "dashboardId") REFERENCES "Dashboard"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DashboardCustomer" ADD CONSTRAINT "DashboardCustomer_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleChain" ADD CONSTRAINT "RuleChain_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alarm" ADD CONSTRAINT "Alarm_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RpcRequest" ADD CONSTRAINT "RpcRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RpcRequest" ADD CONSTRAINT "RpcRequest_tenantId_deviceId_fkey" FOREIGN KEY ("tenantId", "deviceId") REFERENCES "Device"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
