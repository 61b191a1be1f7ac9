-- Deletes points in [p_from, p_to) of the given keys (all keys when NULL): points leave their
-- messages, a message left without points goes. A latest value that was deleted falls back to
-- the newest point left, if any.
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
  IF ids IS NULL THEN
    RETURN 0;
  END IF;
  WITH hit AS (
    SELECT x.series_ids FROM telemetry x
     WHERE x.entity_id = p_entity AND x.ts >= p_from AND x.ts < p_to AND x.series_ids && ids
       FOR UPDATE
  ) SELECT coalesce(sum((SELECT count(*) FROM unnest(hit.series_ids) AS u (id) WHERE u.id = ANY (ids))), 0) INTO n FROM hit;
  DELETE FROM telemetry x
   WHERE x.entity_id = p_entity AND x.ts >= p_from AND x.ts < p_to AND x.series_ids <@ ids;
  UPDATE telemetry x
     SET (series_ids, bool_v, long_v, dbl_v, str_v, json_v) = (
       SELECT * FROM telemetry_pack(ARRAY(SELECT o FROM telemetry_points(x) AS o WHERE o.series_id <> ALL (ids))))
   WHERE x.entity_id = p_entity AND x.ts >= p_from AND x.ts < p_to AND x.series_ids && ids;
  -- Latest values that were deleted fall back to the newest point left, if any.
  WITH d AS (
    DELETE FROM telemetry_latest WHERE series_id = ANY (ids) AND ts >= p_from AND ts < p_to RETURNING series_id
  ) SELECT array_agg(series_id ORDER BY series_id) INTO gone FROM d;
  INSERT INTO telemetry_latest (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
  SELECT g.series_id, r.ts, r.b, r.l, r.d, r.s, r.j FROM unnest(gone) g (series_id) CROSS JOIN LATERAL (
    SELECT x.ts, x.bool_v[p.i] AS b, x.long_v[p.i] AS l, x.dbl_v[p.i] AS d, x.str_v[p.i] AS s, x.json_v[p.i] AS j
      FROM telemetry x CROSS JOIN LATERAL array_position(x.series_ids, g.series_id) AS p (i)
     WHERE x.entity_id = p_entity AND p.i IS NOT NULL
     ORDER BY x.ts DESC LIMIT 1) r;
  RETURN n;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_delete_range(uuid, text[], timestamp with time zone, timestamp with time zone) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_delete_range(uuid, text[], timestamp with time zone, timestamp with time zone) TO industryos_app, industryos_system;
