-- AlterTable
ALTER TABLE "RpcRequest" ADD COLUMN     "clientRequestId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "RpcRequest_tenantId_deviceId_clientRequestId_key" ON "RpcRequest"("tenantId", "deviceId", "clientRequestId");
