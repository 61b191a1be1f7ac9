-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DeviceCredentialType" ADD VALUE 'LWM2M';
ALTER TYPE "DeviceCredentialType" ADD VALUE 'JWT';

-- CreateTable
CREATE TABLE "JwtIssuer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "audience" TEXT,
    "jwksUri" TEXT,
    "keys" JSONB,
    "deviceClaim" TEXT NOT NULL DEFAULT 'sub',
    "clockSkewSeconds" INTEGER NOT NULL DEFAULT 60,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JwtIssuer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lwm2mObjectModel" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "objectId" INTEGER NOT NULL,
    "version" TEXT NOT NULL DEFAULT '1.0',
    "name" TEXT NOT NULL,
    "ddfXml" TEXT NOT NULL,
    "resources" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Lwm2mObjectModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JwtIssuer_issuer_idx" ON "JwtIssuer"("issuer");

-- CreateIndex
CREATE UNIQUE INDEX "JwtIssuer_tenantId_id_key" ON "JwtIssuer"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "JwtIssuer_tenantId_issuer_key" ON "JwtIssuer"("tenantId", "issuer");

-- CreateIndex
CREATE UNIQUE INDEX "Lwm2mObjectModel_tenantId_id_key" ON "Lwm2mObjectModel"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Lwm2mObjectModel_tenantId_objectId_version_key" ON "Lwm2mObjectModel"("tenantId", "objectId", "version");

-- AddForeignKey
ALTER TABLE "JwtIssuer" ADD CONSTRAINT "JwtIssuer_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lwm2mObjectModel" ADD CONSTRAINT "Lwm2mObjectModel_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-owned: the application role reaches them only under row-level security.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['JwtIssuer', 'Lwm2mObjectModel']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING ("tenantId" = current_tenant_id()) '
                   'WITH CHECK ("tenantId" = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO industryos_app', t);
  END LOOP;
END $$;
