-- Raw points in [p_from, p_to), at most p_limit per key, newest or oldest first.
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
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.bool_v, r.long_v, r.dbl_v, r.str_v, r.json_v
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
           WHERE x.series_id = s.id AND x.ts >= p_from AND x.ts < p_to
           ORDER BY x.ts DESC LIMIT p_limit) r
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
       ORDER BY k.key, r.ts DESC;
  ELSE
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.bool_v, r.long_v, r.dbl_v, r.str_v, r.json_v
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
           WHERE x.series_id = s.id AND x.ts >= p_from AND x.ts < p_to
           ORDER BY x.ts ASC LIMIT p_limit) r
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
       ORDER BY k.key, r.ts ASC;
  END IF;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamp with time zone, timestamp with time zone, integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamp with time zone, timestamp with time zone, integer, boolean) TO industryos_app, industryos_system;
