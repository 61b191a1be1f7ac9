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
