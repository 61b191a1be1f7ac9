-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('IN_APP', 'EMAIL', 'SMS', 'SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "NotificationTargetType" AS ENUM ('PLATFORM_USERS', 'EMAIL', 'SMS', 'SLACK', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "NotificationTriggerType" AS ENUM ('ALARM', 'ALARM_UNACKNOWLEDGED', 'DEVICE_INACTIVITY', 'ENTITY_ACTION', 'RULE_NODE');

-- CreateEnum
CREATE TYPE "NotificationRequestStatus" AS ENUM ('PROCESSING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "NotificationDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'FAILED', 'RATE_LIMITED');

-- CreateEnum
CREATE TYPE "EscalationStatus" AS ENUM ('RUNNING', 'ACKNOWLEDGED', 'CLEARED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'RETRYING', 'FAILED');

-- CreateEnum
CREATE TYPE "ReportFrequency" AS ENUM ('DAILY', 'WEEKLY');

-- CreateEnum
CREATE TYPE "ReportLayout" AS ENUM ('PER_WIDGET', 'PER_DEVICE');

-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "JobTrigger" AS ENUM ('SCHEDULED', 'MANUAL');

-- CreateEnum
CREATE TYPE "OtaPackageType" AS ENUM ('FIRMWARE', 'SOFTWARE');

-- CreateEnum
CREATE TYPE "ChecksumAlgorithm" AS ENUM ('SHA256', 'SHA384', 'SHA512', 'MD5', 'CRC32');

-- CreateEnum
CREATE TYPE "OtaCampaignStatus" AS ENUM ('RUNNING', 'PAUSED', 'COMPLETED', 'ABORTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "OtaCampaignDeviceState" AS ENUM ('PENDING', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT');

-- CreateEnum
CREATE TYPE "BulkJobType" AS ENUM ('DEVICE_IMPORT', 'ATTRIBUTE_UPDATE', 'RPC', 'DELETE');

-- CreateEnum
CREATE TYPE "BulkJobStatus" AS ENUM ('VALIDATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BulkJobItemStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- AlterTable
ALTER TABLE "DeviceProfile" ADD COLUMN     "firmwareId" UUID,
ADD COLUMN     "softwareId" UUID;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "firmwareId" UUID,
ADD COLUMN     "softwareId" UUID;

-- CreateTable
CREATE TABLE "NotificationTarget" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "NotificationTargetType" NOT NULL,
    "configuration" JSONB NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "notificationType" "NotificationTriggerType" NOT NULL,
    "channels" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "triggerType" "NotificationTriggerType" NOT NULL,
    "triggerConfig" JSONB NOT NULL DEFAULT '{}',
    "templateId" UUID NOT NULL,
    "targetIds" UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "ruleId" UUID,
    "templateId" UUID,
    "targetIds" UUID[],
    "dedupKey" TEXT,
    "originatorType" "EntityType",
    "originatorId" UUID,
    "info" JSONB NOT NULL DEFAULT '{}',
    "status" "NotificationRequestStatus" NOT NULL DEFAULT 'PROCESSING',
    "workflowId" TEXT,
    "stats" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "userId" UUID,
    "status" "NotificationDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "providerResponse" JSONB,
    "error" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "requestId" UUID,
    "type" "NotificationTriggerType" NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "info" JSONB NOT NULL DEFAULT '{}',
    "seenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "tenantId" UUID NOT NULL,
    "providers" JSONB NOT NULL DEFAULT '{}',
    "rateLimits" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "EscalationPolicy" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "alarmTypes" TEXT[],
    "severities" "AlarmSeverity"[],
    "levels" JSONB NOT NULL,
    "repeatEveryMinutes" INTEGER,
    "repeatLimit" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EscalationPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmEscalation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "alarmId" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" "EscalationStatus" NOT NULL DEFAULT 'RUNNING',
    "currentLevel" INTEGER NOT NULL DEFAULT -1,
    "nextLevelAt" TIMESTAMPTZ(3),
    "history" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlarmEscalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secretEncrypted" TEXT NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "disabledAt" TIMESTAMPTZ(3),
    "disabledReason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "eventType" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "lastDurationMs" INTEGER,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDeliveryAttempt" (
    "tenantId" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDeliveryAttempt_pkey" PRIMARY KEY ("deliveryId","attempt")
);

-- CreateTable
CREATE TABLE "ReportSchedule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "dashboardId" UUID NOT NULL,
    "layout" "ReportLayout" NOT NULL DEFAULT 'PER_WIDGET',
    "frequency" "ReportFrequency" NOT NULL,
    "dayOfWeek" INTEGER,
    "timeOfDay" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "rangeHours" INTEGER NOT NULL DEFAULT 24,
    "recipients" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "scheduleId" UUID NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'RUNNING',
    "trigger" "JobTrigger" NOT NULL,
    "files" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OtaPackage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "type" "OtaPackageType" NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "tag" TEXT,
    "deviceProfileId" UUID,
    "url" TEXT,
    "fileName" TEXT,
    "contentType" TEXT,
    "size" INTEGER,
    "checksumAlgorithm" "ChecksumAlgorithm" NOT NULL DEFAULT 'SHA256',
    "checksum" TEXT,
    "storageKey" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtaPackage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceOtaStatus" (
    "tenantId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "type" "OtaPackageType" NOT NULL,
    "targetPackageId" UUID,
    "state" TEXT,
    "currentTitle" TEXT,
    "currentVersion" TEXT,
    "error" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceOtaStatus_pkey" PRIMARY KEY ("deviceId","type")
);

-- CreateTable
CREATE TABLE "OtaCampaign" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "packageId" UUID NOT NULL,
    "target" JSONB NOT NULL,
    "waves" INTEGER[],
    "maxDevicesPerMinute" INTEGER NOT NULL DEFAULT 600,
    "deviceTimeoutSeconds" INTEGER NOT NULL DEFAULT 3600,
    "failureThresholdPercent" INTEGER NOT NULL DEFAULT 10,
    "onThreshold" TEXT NOT NULL DEFAULT 'PAUSE',
    "status" "OtaCampaignStatus" NOT NULL DEFAULT 'RUNNING',
    "currentWave" INTEGER NOT NULL DEFAULT 0,
    "workflowId" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OtaCampaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OtaCampaignDevice" (
    "tenantId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "wave" INTEGER NOT NULL,
    "state" "OtaCampaignDeviceState" NOT NULL DEFAULT 'PENDING',
    "lastFwState" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OtaCampaignDevice_pkey" PRIMARY KEY ("campaignId","deviceId")
);

-- CreateTable
CREATE TABLE "BulkJob" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "type" "BulkJobType" NOT NULL,
    "status" "BulkJobStatus" NOT NULL DEFAULT 'VALIDATED',
    "input" JSONB NOT NULL DEFAULT '{}',
    "report" JSONB NOT NULL DEFAULT '{}',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "workflowId" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkJobItem" (
    "tenantId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "status" "BulkJobItemStatus" NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "resultId" UUID,

    CONSTRAINT "BulkJobItem_pkey" PRIMARY KEY ("jobId","index")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTarget_tenantId_id_key" ON "NotificationTarget"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTarget_tenantId_name_key" ON "NotificationTarget"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTemplate_tenantId_id_key" ON "NotificationTemplate"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationTemplate_tenantId_name_key" ON "NotificationTemplate"("tenantId", "name");

-- CreateIndex
CREATE INDEX "NotificationRule_tenantId_triggerType_enabled_idx" ON "NotificationRule"("tenantId", "triggerType", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRule_tenantId_id_key" ON "NotificationRule"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRule_tenantId_name_key" ON "NotificationRule"("tenantId", "name");

-- CreateIndex
CREATE INDEX "NotificationRequest_tenantId_createdAt_idx" ON "NotificationRequest"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRequest_tenantId_id_key" ON "NotificationRequest"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationRequest_tenantId_dedupKey_key" ON "NotificationRequest"("tenantId", "dedupKey");

-- CreateIndex
CREATE INDEX "NotificationDelivery_tenantId_status_createdAt_idx" ON "NotificationDelivery"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDelivery_tenantId_requestId_channel_recipient_key" ON "NotificationDelivery"("tenantId", "requestId", "channel", "recipient");

-- CreateIndex
CREATE INDEX "Notification_tenantId_userId_seenAt_createdAt_idx" ON "Notification"("tenantId", "userId", "seenAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_tenantId_userId_requestId_key" ON "Notification"("tenantId", "userId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "EscalationPolicy_tenantId_id_key" ON "EscalationPolicy"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EscalationPolicy_tenantId_name_key" ON "EscalationPolicy"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AlarmEscalation_tenantId_alarmId_policyId_key" ON "AlarmEscalation"("tenantId", "alarmId", "policyId");

-- CreateIndex
CREATE INDEX "Webhook_tenantId_enabled_idx" ON "Webhook"("tenantId", "enabled");

-- CreateIndex
CREATE UNIQUE INDEX "Webhook_tenantId_id_key" ON "Webhook"("tenantId", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_tenantId_webhookId_createdAt_idx" ON "WebhookDelivery"("tenantId", "webhookId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_tenantId_id_key" ON "WebhookDelivery"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_tenantId_webhookId_eventId_key" ON "WebhookDelivery"("tenantId", "webhookId", "eventId");

-- CreateIndex
CREATE INDEX "WebhookDeliveryAttempt_tenantId_deliveryId_idx" ON "WebhookDeliveryAttempt"("tenantId", "deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportSchedule_tenantId_id_key" ON "ReportSchedule"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ReportSchedule_tenantId_name_key" ON "ReportSchedule"("tenantId", "name");

-- CreateIndex
CREATE INDEX "ReportRun_tenantId_scheduleId_startedAt_idx" ON "ReportRun"("tenantId", "scheduleId", "startedAt");

-- CreateIndex
CREATE INDEX "OtaPackage_tenantId_deviceProfileId_idx" ON "OtaPackage"("tenantId", "deviceProfileId");

-- CreateIndex
CREATE UNIQUE INDEX "OtaPackage_tenantId_id_key" ON "OtaPackage"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OtaPackage_tenantId_type_title_version_key" ON "OtaPackage"("tenantId", "type", "title", "version");

-- CreateIndex
CREATE INDEX "DeviceOtaStatus_tenantId_targetPackageId_idx" ON "DeviceOtaStatus"("tenantId", "targetPackageId");

-- CreateIndex
CREATE INDEX "OtaCampaign_tenantId_createdAt_idx" ON "OtaCampaign"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OtaCampaign_tenantId_id_key" ON "OtaCampaign"("tenantId", "id");

-- CreateIndex
CREATE INDEX "OtaCampaignDevice_tenantId_campaignId_state_idx" ON "OtaCampaignDevice"("tenantId", "campaignId", "state");

-- CreateIndex
CREATE INDEX "OtaCampaignDevice_tenantId_deviceId_idx" ON "OtaCampaignDevice"("tenantId", "deviceId");

-- CreateIndex
CREATE INDEX "BulkJob_tenantId_createdAt_idx" ON "BulkJob"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BulkJob_tenantId_id_key" ON "BulkJob"("tenantId", "id");

-- CreateIndex
CREATE INDEX "BulkJobItem_tenantId_jobId_status_idx" ON "BulkJobItem"("tenantId", "jobId", "status");

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_tenantId_firmwareId_fkey" FOREIGN KEY ("tenantId", "firmwareId") REFERENCES "OtaPackage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceProfile" ADD CONSTRAINT "DeviceProfile_tenantId_softwareId_fkey" FOREIGN KEY ("tenantId", "softwareId") REFERENCES "OtaPackage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_firmwareId_fkey" FOREIGN KEY ("tenantId", "firmwareId") REFERENCES "OtaPackage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_tenantId_softwareId_fkey" FOREIGN KEY ("tenantId", "softwareId") REFERENCES "OtaPackage"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationTarget" ADD CONSTRAINT "NotificationTarget_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationTemplate" ADD CONSTRAINT "NotificationTemplate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_tenantId_templateId_fkey" FOREIGN KEY ("tenantId", "templateId") REFERENCES "NotificationTemplate"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRequest" ADD CONSTRAINT "NotificationRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRequest" ADD CONSTRAINT "NotificationRequest_tenantId_ruleId_fkey" FOREIGN KEY ("tenantId", "ruleId") REFERENCES "NotificationRule"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationRequest" ADD CONSTRAINT "NotificationRequest_tenantId_templateId_fkey" FOREIGN KEY ("tenantId", "templateId") REFERENCES "NotificationTemplate"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_tenantId_requestId_fkey" FOREIGN KEY ("tenantId", "requestId") REFERENCES "NotificationRequest"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "User"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationSettings" ADD CONSTRAINT "NotificationSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EscalationPolicy" ADD CONSTRAINT "EscalationPolicy_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmEscalation" ADD CONSTRAINT "AlarmEscalation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmEscalation" ADD CONSTRAINT "AlarmEscalation_tenantId_alarmId_fkey" FOREIGN KEY ("tenantId", "alarmId") REFERENCES "Alarm"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmEscalation" ADD CONSTRAINT "AlarmEscalation_tenantId_policyId_fkey" FOREIGN KEY ("tenantId", "policyId") REFERENCES "EscalationPolicy"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_tenantId_webhookId_fkey" FOREIGN KEY ("tenantId", "webhookId") REFERENCES "Webhook"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_tenantId_deliveryId_fkey" FOREIGN KEY ("tenantId", "deliveryId") REFERENCES "WebhookDelivery"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportSchedule" ADD CONSTRAINT "ReportSchedule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportSchedule" ADD CONSTRAINT "ReportSchedule_tenantId_dashboardId_fkey" FOREIGN KEY ("tenantId", "dashboardId") REFERENCES "Dashboard"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_tenantId_scheduleId_fkey" FOREIGN KEY ("tenantId", "scheduleId") REFERENCES "ReportSchedule"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtaPackage" ADD CONSTRAINT "OtaPackage_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceOtaStatus" ADD CONSTRAINT "DeviceOtaStatus_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceOtaStatus" ADD CONSTRAINT "DeviceOtaStatus_tenantId_deviceId_fkey" FOREIGN KEY ("tenantId", "deviceId") REFERENCES "Device"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtaCampaign" ADD CONSTRAINT "OtaCampaign_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtaCampaignDevice" ADD CONSTRAINT "OtaCampaignDevice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtaCampaignDevice" ADD CONSTRAINT "OtaCampaignDevice_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "OtaCampaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkJob" ADD CONSTRAINT "BulkJob_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_tenantId_jobId_fkey" FOREIGN KEY ("tenantId", "jobId") REFERENCES "BulkJob"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-owned: the application role reaches them only under row-level security.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'NotificationTarget', 'NotificationTemplate', 'NotificationRule', 'NotificationRequest', 'NotificationDelivery',
    'Notification', 'NotificationSettings', 'EscalationPolicy', 'AlarmEscalation', 'Webhook', 'WebhookDelivery',
    'WebhookDeliveryAttempt', 'ReportSchedule', 'ReportRun', 'OtaPackage', 'DeviceOtaStatus', 'OtaCampaign',
    'OtaCampaignDevice', 'BulkJob', 'BulkJobItem'
  ]
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenantId" = current_tenant_id()) '
                   'WITH CHECK ("tenantId" = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO industryos_app', t);
  END LOOP;
END $$;
