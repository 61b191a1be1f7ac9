-- The keys of an entity that have a latest value, for the transaction's tenant.
CREATE OR REPLACE FUNCTION telemetry_keys(p_entity uuid)
 RETURNS SETOF text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT k.key FROM telemetry_series s
    JOIN telemetry_key k ON k.id = s.key_id
    JOIN telemetry_latest l ON l.series_id = s.id
   WHERE s.tenant_id = telemetry_tenant() AND s.entity_id = p_entity
   ORDER BY k.key
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_keys(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_keys(uuid) TO industryos_app, industryos_system;
