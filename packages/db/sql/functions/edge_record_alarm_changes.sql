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
