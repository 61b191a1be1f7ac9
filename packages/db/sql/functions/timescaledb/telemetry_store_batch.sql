-- Points of series; a point already stored is overwritten (a retried message, a point written
-- twice), within the batch the last row wins. Latest values are upserted in the same transaction:
-- this is the path of the application role and of ingest's repeated points.
CREATE OR REPLACE FUNCTION telemetry_store_batch(p_series bigint[], p_ts timestamp with time zone[], p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[])
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  n bigint;
BEGIN
  BEGIN
    INSERT INTO telemetry (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
    SELECT * FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json);
    GET DIAGNOSTICS n = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    INSERT INTO telemetry (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
    SELECT DISTINCT ON (series_id, ts) series_id, ts, bool_v, long_v, dbl_v, str_v, json_v
      FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json) WITH ORDINALITY
        AS r (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v, ord)
     ORDER BY series_id, ts, ord DESC
    ON CONFLICT (series_id, ts) DO UPDATE
      SET bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
          str_v = excluded.str_v, json_v = excluded.json_v;
    GET DIAGNOSTICS n = ROW_COUNT;
  END;
  INSERT INTO telemetry_latest AS l
  SELECT DISTINCT ON (series_id) series_id, ts, bool_v, long_v, dbl_v, str_v, json_v
    FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json) WITH ORDINALITY
      AS r (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v, ord)
   ORDER BY series_id, ts DESC, ord DESC
  ON CONFLICT (series_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts;
  RETURN n;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_store_batch(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_store_batch(bigint[], timestamp with time zone[], boolean[], bigint[], double precision[], text[], jsonb[]) TO industryos_system;
