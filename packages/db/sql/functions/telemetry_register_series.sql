-- Series a writer has not registered yet get their first latest value in the points' own
-- transaction, so readers list them at once. Rows sorted by series id: concurrent writers lock
-- in one order.
CREATE OR REPLACE FUNCTION telemetry_register_series(p_series bigint[], p_ts timestamp with time zone[], p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[])
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'public', 'pg_temp'
AS $function$
  INSERT INTO telemetry_latest
  SELECT * FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
  ON CONFLICT (series_id) DO NOTHING
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_register_series(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_register_series(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) TO industryos_system;
