-- DDL that Prisma's schema language does not express: column-list ON DELETE SET NULL on
-- composite foreign keys, CHECK constraints, partial unique indexes, the database roles,
-- grants and row-level security.

-- Composite (tenantId, x) foreign keys cannot SET NULL the whole key (tenantId is NOT NULL);
-- PostgreSQL 15 can null just the referencing column.
ALTER TABLE "Device" DROP CONSTRAINT "Device_tenantId_customerId_fkey",
  ADD CONSTRAINT "Device_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId")
  REFERENCES "Customer"("tenantId", "id") ON DELETE SET NULL ("customerId") ON UPDATE CASCADE;
ALTER TABLE "Device" DROP CONSTRAINT "Device_tenantId_gatewayId_fkey",
  ADD CONSTRAINT "Device_tenantId_gatewayId_fkey" FOREIGN KEY ("tenantId", "gatewayId")
  REFERENCES "Device"("tenantId", "id") ON DELETE SET NULL ("gatewayId") ON UPDATE CASCADE;
ALTER TABLE "Asset" DROP CONSTRAINT "Asset_tenantId_customerId_fkey",
  ADD CONSTRAINT "Asset_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId")
  REFERENCES "Customer"("tenantId", "id") ON DELETE SET NULL ("customerId") ON UPDATE CASCADE;
ALTER TABLE "Alarm" DROP CONSTRAINT "Alarm_tenantId_customerId_fkey",
  ADD CONSTRAINT "Alarm_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId")
  REFERENCES "Customer"("tenantId", "id") ON DELETE SET NULL ("customerId") ON UPDATE CASCADE;
ALTER TABLE "ApiKey" DROP CONSTRAINT "ApiKey_tenantId_createdById_fkey",
  ADD CONSTRAINT "ApiKey_tenantId_createdById_fkey" FOREIGN KEY ("tenantId", "createdById")
  REFERENCES "User"("tenantId", "id") ON DELETE SET NULL ("createdById") ON UPDATE CASCADE;
ALTER TABLE "DeviceProfile" DROP CONSTRAINT "DeviceProfile_tenantId_defaultRuleChainId_fkey",
  ADD CONSTRAINT "DeviceProfile_tenantId_defaultRuleChainId_fkey" FOREIGN KEY ("tenantId", "defaultRuleChainId")
  REFERENCES "RuleChain"("tenantId", "id") ON DELETE SET NULL ("defaultRuleChainId") ON UPDATE CASCADE;
ALTER TABLE "DeviceProfile" DROP CONSTRAINT "DeviceProfile_tenantId_defaultDashboardId_fkey",
  ADD CONSTRAINT "DeviceProfile_tenantId_defaultDashboardId_fkey" FOREIGN KEY ("tenantId", "defaultDashboardId")
  REFERENCES "Dashboard"("tenantId", "id") ON DELETE SET NULL ("defaultDashboardId") ON UPDATE CASCADE;

-- Integrity the schema language cannot state.
ALTER TABLE "User" ADD CONSTRAINT "User_tenant_role_check"
  CHECK (("role" = 'SYS_ADMIN') = ("tenantId" IS NULL)),
  ADD CONSTRAINT "User_customer_role_check" CHECK ("customerId" IS NULL OR "role" = 'CUSTOMER_USER'),
  ADD CONSTRAINT "User_email_lower_check" CHECK ("email" = lower("email"));
ALTER TABLE "Attribute" ADD CONSTRAINT "Attribute_one_value_check"
  CHECK (num_nonnulls("boolValue", "longValue", "doubleValue", "stringValue", "jsonValue") = 1);
ALTER TABLE "DeviceCredential" ADD CONSTRAINT "DeviceCredential_fields_check" CHECK (
  CASE "type"
    WHEN 'ACCESS_TOKEN' THEN "mqttClientId" IS NULL AND "mqttUsername" IS NULL AND "mqttPasswordHash" IS NULL
    WHEN 'MQTT_BASIC' THEN num_nonnulls("mqttClientId", "mqttUsername") >= 1
    WHEN 'X509_CERTIFICATE' THEN "credentialsId" ~ '^[0-9a-f]{64}$'
  END);
CREATE UNIQUE INDEX "DeviceCredential_one_per_device_key" ON "DeviceCredential"("tenantId", "deviceId");
DROP INDEX "DeviceCredential_tenantId_deviceId_idx";
CREATE UNIQUE INDEX "RuleChain_one_root_key" ON "RuleChain"("tenantId") WHERE "root";
CREATE UNIQUE INDEX "DeviceProfile_one_default_key" ON "DeviceProfile"("tenantId") WHERE "isDefault";
CREATE UNIQUE INDEX "AssetProfile_one_default_key" ON "AssetProfile"("tenantId") WHERE "isDefault";
CREATE UNIQUE INDEX "Customer_one_public_key" ON "Customer"("tenantId") WHERE "isPublic";
CREATE UNIQUE INDEX "Alarm_one_active_key" ON "Alarm"("tenantId", "originatorId", "type") WHERE NOT "cleared";

-- Roles are cluster-wide: create them only when missing. Passwords are set by the migrator
-- (packages/db/src/migrate.ts) from configuration, never stored in a migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'industryos_app') THEN
    CREATE ROLE industryos_app LOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently by another database's migration
END $$;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'industryos_system') THEN
    CREATE ROLE industryos_system LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- The tenant of the current transaction, or NULL. set_config(..., true) leaves '' behind after
-- the transaction ends, hence NULLIF. Every tenant policy compares against this.
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

GRANT USAGE ON SCHEMA public TO industryos_app, industryos_system;
GRANT EXECUTE ON FUNCTION current_tenant_id() TO industryos_app, industryos_system;

-- The system role (BYPASSRLS) reads and writes everything, including tables added later.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO industryos_system;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO industryos_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO industryos_system;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO industryos_system;

-- The application role gets each tenant-owned table explicitly, always together with row-level
-- security (a test checks that every table it can reach has RLS enabled and forced).
-- No grants on PasswordResetToken / EmailVerificationToken (system path only).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['User', 'Session', 'ApiKey', 'Customer', 'DeviceProfile', 'Device',
    'DeviceCredential', 'AssetProfile', 'Asset', 'EntityRelation', 'Attribute', 'Dashboard',
    'DashboardCustomer', 'RuleChain', 'Alarm', 'AuditLog', 'RpcRequest']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenantId" = current_tenant_id()) '
                   'WITH CHECK ("tenantId" = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO industryos_app', t);
  END LOOP;
END $$;

-- A tenant sees and edits its own row; creating and deleting tenants is a system path.
ALTER TABLE "Tenant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Tenant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Tenant" USING ("id" = current_tenant_id()) WITH CHECK ("id" = current_tenant_id());
GRANT SELECT, UPDATE ON "Tenant" TO industryos_app;
GRANT USAGE, SELECT ON SEQUENCE "RpcRequest_requestId_seq" TO industryos_app;
