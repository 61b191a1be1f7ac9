-- Resend's delivery events (POST /api/v1/providers/resend/events[/{tenantId}]) name only the email
-- id, which the workers keep as "providerResponse".id. Filtering on the JSON made every event a
-- sequential scan of NotificationDelivery, and an expression index on it would not help the
-- tenant's lookup: under row-level security a non-leakproof operator such as jsonb's ->> cannot
-- be an index condition (PostgreSQL evaluates it only after the policy). A plain text column can.
--
-- A generated column rather than one the workers fill: every existing and future EMAIL delivery
-- has it without a backfill or a change to the send path, and it cannot disagree with the answer
-- it comes from. Adding it rewrites the table once (ACCESS EXCLUSIVE for the duration).
-- (The schema engine's diff, hand-edited: Prisma's schema cannot say GENERATED.)

-- AlterTable
ALTER TABLE "NotificationDelivery" ADD COLUMN "providerEmailId" TEXT
    GENERATED ALWAYS AS (CASE WHEN "channel" = 'EMAIL' THEN "providerResponse" ->> 'id' END) STORED;

-- CreateIndex
CREATE INDEX "NotificationDelivery_providerEmailId_idx" ON "NotificationDelivery"("providerEmailId");
