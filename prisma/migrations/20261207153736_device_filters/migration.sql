-- CreateTable
CREATE TABLE "DeviceFilter" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "criteria" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceFilter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeviceFilter_tenantId_id_key" ON "DeviceFilter"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DeviceFilter_tenantId_name_key" ON "DeviceFilter"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "DeviceFilter" ADD CONSTRAINT "DeviceFilter_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-owned: the application role reaches it only under row-level security.
ALTER TABLE "DeviceFilter" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DeviceFilter" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "DeviceFilter" USING ("tenantId" = current_tenant_id())
  WITH CHECK ("tenantId" = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON "DeviceFilter" TO industryos_app;
