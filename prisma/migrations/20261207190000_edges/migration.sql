-- CreateTable
CREATE TABLE "Edge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "routingKey" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "uplinkSeq" BIGINT NOT NULL DEFAULT 0,
    "lastSeenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Edge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Edge_routingKey_key" ON "Edge"("routingKey");

-- CreateIndex
CREATE UNIQUE INDEX "Edge_tenantId_id_key" ON "Edge"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Edge_tenantId_name_key" ON "Edge"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "Edge" ADD CONSTRAINT "Edge_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-owned: the application role reaches it only under row-level security.
ALTER TABLE "Edge" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Edge" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Edge" USING ("tenantId" = current_tenant_id())
  WITH CHECK ("tenantId" = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Edge" TO industryos_app;

-- The edge side (docs/edge.md). Empty in the cloud: a database is an edge's once the workers' edge sync has
-- called edge_open_link(), which writes the one edge_cloud_link row and creates the triggers that record
-- alarm and attribute changes. Only the system role (ingest, workers) reaches these tables.
CREATE TABLE edge_cloud_link (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  cloud_url text NOT NULL,
  edge_key text NOT NULL,
  -- The downlink's since-cursor, as the cloud gave it.
  downlink_cursor text,
  -- The last sequence number given to a queued entry; numbers go on from it.
  uplink_assigned_seq bigint NOT NULL DEFAULT 0,
  last_downlink_at timestamptz,
  last_uplink_at timestamptz,
  last_error text
);

-- The uplink outbox: every change to send to the cloud, deleted only once the cloud has acknowledged it.
CREATE TABLE edge_uplink_queue (
  id bigserial PRIMARY KEY,
  -- The writing transaction. The pusher numbers only entries of transactions older than every running one,
  -- so an entry whose transaction commits late is never numbered behind one already sent.
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  kind text NOT NULL CHECK (kind IN ('TELEMETRY', 'ATTRIBUTES', 'ALARM')),
  tenant_id uuid NOT NULL,
  body jsonb NOT NULL,
  -- The uplink sequence number, given in commit-safe order just before the entry is first sent.
  seq bigint UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edge_uplink_queue_unnumbered ON edge_uplink_queue (xid, id) WHERE seq IS NULL;

-- Attribute changes of a statement, one entry each: the value as the device API's typed value.
CREATE OR REPLACE FUNCTION edge_record_attribute_changes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  INSERT INTO edge_uplink_queue (kind, tenant_id, body)
  SELECT 'ATTRIBUTES', c."tenantId", jsonb_build_object(
    'entityType', c."entityType", 'entityId', c."entityId", 'scope', c."scope", 'key', c."key",
    'lastUpdateTs', (extract(epoch FROM c."lastUpdateTs") * 1000)::bigint,
    'value', CASE
      WHEN c."boolValue" IS NOT NULL THEN jsonb_build_object('type', 'BOOLEAN', 'value', c."boolValue")
      WHEN c."longValue" IS NOT NULL THEN jsonb_build_object('type', 'LONG', 'value', c."longValue")
      WHEN c."doubleValue" IS NOT NULL THEN jsonb_build_object('type', 'DOUBLE', 'value', c."doubleValue")
      WHEN c."stringValue" IS NOT NULL THEN jsonb_build_object('type', 'STRING', 'value', c."stringValue")
      ELSE jsonb_build_object('type', 'JSON', 'value', c."jsonValue") END)
  FROM changed c ORDER BY c."lastUpdateTs";
  RETURN NULL;
END $function$;
REVOKE EXECUTE ON FUNCTION edge_record_attribute_changes() FROM PUBLIC;

-- Alarm rows as they are after a statement (raised, updated, acknowledged, cleared), one entry each.
CREATE OR REPLACE FUNCTION edge_record_alarm_changes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  INSERT INTO edge_uplink_queue (kind, tenant_id, body)
  SELECT 'ALARM', c."tenantId", to_jsonb(c) FROM changed c ORDER BY c."updatedAt";
  RETURN NULL;
END $function$;
REVOKE EXECUTE ON FUNCTION edge_record_alarm_changes() FROM PUBLIC;

-- Makes this database an edge's: the link row, and statement triggers (transition tables, so one call per
-- statement) that queue alarm and attribute changes in the writing transaction, whoever writes them. Owner
-- rights are needed to create triggers: the function has them; the system role may only call it.
CREATE OR REPLACE FUNCTION edge_open_link(p_cloud_url text, p_edge_key text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  INSERT INTO edge_cloud_link (cloud_url, edge_key) VALUES (p_cloud_url, p_edge_key)
  ON CONFLICT (singleton) DO UPDATE SET cloud_url = excluded.cloud_url, edge_key = excluded.edge_key,
    -- Another edge's cursor would skip this one's changes.
    downlink_cursor = CASE WHEN edge_cloud_link.edge_key = excluded.edge_key THEN edge_cloud_link.downlink_cursor END;
  CREATE OR REPLACE TRIGGER edge_uplink_attribute_inserts AFTER INSERT ON "Attribute"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_attribute_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_attribute_updates AFTER UPDATE ON "Attribute"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_attribute_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_alarm_inserts AFTER INSERT ON "Alarm"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_alarm_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_alarm_updates AFTER UPDATE ON "Alarm"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_alarm_changes();
END $function$;
REVOKE EXECUTE ON FUNCTION edge_open_link(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION edge_open_link(text, text) TO industryos_system;
