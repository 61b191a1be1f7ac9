-- Deletes points in [p_from, p_to) of the given keys (all keys when NULL). A latest value that
-- was deleted falls back to the newest point left, if any.
CREATE OR REPLACE FUNCTION telemetry_delete_range(p_entity uuid, p_keys text[], p_from timestamp with time zone, p_to timestamp with time zone)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  t uuid := telemetry_tenant();
  ids bigint[];
  gone bigint[];
  n bigint;
BEGIN
  SELECT array_agg(s.id ORDER BY s.id) INTO ids
    FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id
   WHERE s.tenant_id = t AND s.entity_id = p_entity AND (p_keys IS NULL OR k.key = ANY (p_keys));
  DELETE FROM telemetry WHERE series_id = ANY (ids) AND ts >= p_from AND ts < p_to;
  GET DIAGNOSTICS n = ROW_COUNT;
  -- Latest values that were deleted fall back to the newest point left, if any.
  WITH d AS (
    DELETE FROM telemetry_latest WHERE series_id = ANY (ids) AND ts >= p_from AND ts < p_to RETURNING series_id
  ) SELECT array_agg(series_id) INTO gone FROM d;
  INSERT INTO telemetry_latest
  SELECT r.* FROM unnest(gone) g (series_id) CROSS JOIN LATERAL (
    SELECT * FROM telemetry x WHERE x.series_id = g.series_id ORDER BY x.ts DESC LIMIT 1) r;
  RETURN n;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_delete_range(uuid, text[], timestamp with time zone, timestamp with time zone) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_delete_range(uuid, text[], timestamp with time zone, timestamp with time zone) TO industryos_app, industryos_system;
