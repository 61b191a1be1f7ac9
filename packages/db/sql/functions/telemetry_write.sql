-- The application role's write path: points of the transaction's tenant only, into series of
-- that tenant (telemetry_series_ids), through telemetry_store_batch.
CREATE OR REPLACE FUNCTION telemetry_write(p_entity uuid[], p_key text[], p_ts timestamp with time zone[], p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[])
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  t uuid := telemetry_tenant();
  lo date;
  hi date;
BEGIN
  SELECT min(x AT TIME ZONE 'UTC')::date, max(x AT TIME ZONE 'UTC')::date INTO lo, hi FROM unnest(p_ts) AS u (x);
  IF lo IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM telemetry_ensure_partitions(lo, hi);
  RETURN telemetry_store_batch(telemetry_series_ids(array_fill(t, ARRAY[cardinality(p_entity)]), p_entity, p_key), p_ts,
                               p_bool, p_long, p_dbl, p_str, p_json);
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_write(uuid[], text[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_write(uuid[], text[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) TO industryos_app, industryos_system;
