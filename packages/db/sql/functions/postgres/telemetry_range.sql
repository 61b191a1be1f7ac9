-- The newest or the oldest p_limit points of each key in [p_from, p_to), read out of the
-- entity's messages; the two branches differ only in the direction, which must be written out
-- for the index scan to run that way.
CREATE OR REPLACE FUNCTION telemetry_range(p_entity uuid, p_keys text[], p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer, p_desc boolean)
 RETURNS TABLE(key text, ts_ms bigint, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
DECLARE
  t uuid := telemetry_tenant();
BEGIN
  IF p_desc THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.b, r.l, r.d, r.s, r.j
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v[p.i] AS b, x.long_v[p.i] AS l, x.dbl_v[p.i] AS d, x.str_v[p.i] AS s, x.json_v[p.i] AS j
            FROM telemetry x CROSS JOIN LATERAL array_position(x.series_ids, s.id) AS p (i)
           WHERE x.entity_id = s.entity_id AND x.ts >= p_from AND x.ts < p_to AND p.i IS NOT NULL
           ORDER BY x.ts DESC LIMIT p_limit) r
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
       ORDER BY k.key, r.ts DESC;
  ELSE
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.b, r.l, r.d, r.s, r.j
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v[p.i] AS b, x.long_v[p.i] AS l, x.dbl_v[p.i] AS d, x.str_v[p.i] AS s, x.json_v[p.i] AS j
            FROM telemetry x CROSS JOIN LATERAL array_position(x.series_ids, s.id) AS p (i)
           WHERE x.entity_id = s.entity_id AND x.ts >= p_from AND x.ts < p_to AND p.i IS NOT NULL
           ORDER BY x.ts ASC LIMIT p_limit) r
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
       ORDER BY k.key, r.ts ASC;
  END IF;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamp with time zone, timestamp with time zone, integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamp with time zone, timestamp with time zone, integer, boolean) TO industryos_app, industryos_system;
