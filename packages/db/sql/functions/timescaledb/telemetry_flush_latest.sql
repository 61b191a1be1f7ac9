-- Latest values written behind the points (packages/db/src/telemetry/latest-writer.ts): one
-- row per series, sorted. A point deleted since it was written (telemetry_delete_range) must not
-- come back as a latest value, hence the probe for the stored point (LATERAL ... LIMIT 1: one
-- index lookup per row in the point's own chunk).
CREATE OR REPLACE FUNCTION telemetry_flush_latest(p_series bigint[], p_ts timestamp with time zone[], p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[])
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'public', 'pg_temp'
AS $function$
  INSERT INTO telemetry_latest AS l
  SELECT u.series_id, u.ts, u.bool_v, u.long_v, u.dbl_v, u.str_v, u.json_v
    FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
           AS u (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
   CROSS JOIN LATERAL (SELECT 1 FROM telemetry x WHERE x.series_id = u.series_id AND x.ts = u.ts LIMIT 1) stored
  ON CONFLICT (series_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_flush_latest(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_flush_latest(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) TO industryos_system;
