-- Points of series; a point already stored is overwritten, within the batch the last row
-- wins, and the other points of its message stay. Latest values are upserted in the same
-- transaction. Returns the number of points written.
CREATE OR REPLACE FUNCTION telemetry_store_batch(p_series bigint[], p_ts timestamp with time zone[], p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[])
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  n bigint;
BEGIN
  WITH point AS MATERIALIZED (
    SELECT DISTINCT ON (series_id, ts) series_id, ts, bool_v, long_v, dbl_v, str_v, json_v
      FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json) WITH ORDINALITY
        AS r (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v, ord)
     ORDER BY series_id, ts, ord DESC
  ), message AS (
    SELECT g.entity_id, g.ts, m.*
      FROM (SELECT s.entity_id, p.ts, array_agg(ROW(p.series_id, p.bool_v, p.long_v, p.dbl_v, p.str_v, p.json_v)::telemetry_point) AS points
              FROM point p JOIN telemetry_series s ON s.id = p.series_id
             GROUP BY s.entity_id, p.ts) g
     CROSS JOIN LATERAL telemetry_pack(g.points) m
     ORDER BY g.entity_id, g.ts -- one locking order for concurrent writers
  ), written AS (
    INSERT INTO telemetry AS t (entity_id, ts, series_ids, bool_v, long_v, dbl_v, str_v, json_v)
    SELECT * FROM message
    ON CONFLICT (entity_id, ts) DO UPDATE
      SET (series_ids, bool_v, long_v, dbl_v, str_v, json_v) = (
        SELECT * FROM telemetry_pack(ARRAY(
          SELECT o FROM telemetry_points(t) AS o WHERE o.series_id <> ALL (excluded.series_ids)
          UNION ALL
          SELECT e FROM telemetry_points(excluded) AS e)))
    RETURNING 1
  )
  SELECT count(*) INTO n FROM point;
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
