-- Latest values of an entity's keys (all of them when p_keys is NULL), for the transaction's tenant.
CREATE OR REPLACE FUNCTION telemetry_latest_values(p_entity uuid, p_keys text[])
 RETURNS TABLE(key text, ts timestamp with time zone, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  -- The newer of the latest row and the series' newest point after it (the row may trail).
  SELECT k.key, v.ts, v.bool_v, v.long_v, v.dbl_v, v.str_v, v.json_v
    FROM telemetry_series s
    JOIN telemetry_key k ON k.id = s.key_id
    JOIN telemetry_latest l ON l.series_id = s.id
    CROSS JOIN LATERAL (
      (SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
        WHERE x.series_id = s.id AND x.ts > l.ts
        ORDER BY x.ts DESC LIMIT 1)
      UNION ALL
      SELECT l.ts, l.bool_v, l.long_v, l.dbl_v, l.str_v, l.json_v
      ORDER BY 1 DESC LIMIT 1
    ) v
   WHERE s.tenant_id = telemetry_tenant() AND s.entity_id = p_entity AND (p_keys IS NULL OR k.key = ANY (p_keys))
   ORDER BY k.key
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_latest_values(uuid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_latest_values(uuid, text[]) TO industryos_app, industryos_system;
