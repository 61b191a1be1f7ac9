-- AlterTable
ALTER TABLE "Dashboard" ADD COLUMN     "publicId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Dashboard_publicId_key" ON "Dashboard"("publicId");
