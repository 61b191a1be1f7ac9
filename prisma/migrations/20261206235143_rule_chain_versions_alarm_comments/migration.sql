-- AlterTable
ALTER TABLE "RuleChain" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "RuleChainVersion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "ruleChainId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "configuration" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleChainVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmComment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "alarmId" UUID NOT NULL,
    "userId" UUID,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlarmComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlarmPropagation" (
    "tenantId" UUID NOT NULL,
    "alarmId" UUID NOT NULL,
    "entityType" "EntityType" NOT NULL,
    "entityId" UUID NOT NULL,

    CONSTRAINT "AlarmPropagation_pkey" PRIMARY KEY ("alarmId","entityId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RuleChainVersion_tenantId_ruleChainId_version_key" ON "RuleChainVersion"("tenantId", "ruleChainId", "version");

-- CreateIndex
CREATE INDEX "AlarmComment_tenantId_alarmId_createdAt_idx" ON "AlarmComment"("tenantId", "alarmId", "createdAt");

-- CreateIndex
CREATE INDEX "AlarmPropagation_tenantId_entityId_idx" ON "AlarmPropagation"("tenantId", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "Alarm_tenantId_id_key" ON "Alarm"("tenantId", "id");

-- AddForeignKey
ALTER TABLE "RuleChainVersion" ADD CONSTRAINT "RuleChainVersion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleChainVersion" ADD CONSTRAINT "RuleChainVersion_tenantId_ruleChainId_fkey" FOREIGN KEY ("tenantId", "ruleChainId") REFERENCES "RuleChain"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmComment" ADD CONSTRAINT "AlarmComment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmComment" ADD CONSTRAINT "AlarmComment_tenantId_alarmId_fkey" FOREIGN KEY ("tenantId", "alarmId") REFERENCES "Alarm"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmPropagation" ADD CONSTRAINT "AlarmPropagation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlarmPropagation" ADD CONSTRAINT "AlarmPropagation_tenantId_alarmId_fkey" FOREIGN KEY ("tenantId", "alarmId") REFERENCES "Alarm"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-owned: the application role reaches them only under row-level security.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['RuleChainVersion', 'AlarmComment', 'AlarmPropagation']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenantId" = current_tenant_id()) '
                   'WITH CHECK ("tenantId" = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO industryos_app', t);
  END LOOP;
END $$;
