-- p_agg: AVG, MIN, MAX, SUM (numeric points) or COUNT (all points). Buckets of p_interval_ms
-- aligned to p_from over [p_from, p_to); buckets without a value are left out. The entity's
-- messages in the range are read once; the tenant's wanted series are picked out of them.
CREATE OR REPLACE FUNCTION telemetry_aggregate(p_entity uuid, p_keys text[], p_from timestamp with time zone, p_to timestamp with time zone, p_interval_ms bigint, p_agg text)
 RETURNS TABLE(key text, ts_ms bigint, value double precision)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
DECLARE
  t uuid := telemetry_tenant();
  iv constant interval := p_interval_ms * INTERVAL '1 millisecond';
BEGIN
  IF p_interval_ms <= 0 THEN
    RAISE EXCEPTION 'interval must be positive' USING ERRCODE = '22023';
  END IF;
  IF p_agg IS NULL OR p_agg NOT IN ('AVG', 'MIN', 'MAX', 'SUM', 'COUNT') THEN
    RAISE EXCEPTION 'aggregation must be AVG, MIN, MAX, SUM or COUNT' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
    WITH wanted AS MATERIALIZED (
      SELECT s.id, k.key FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
    ), point AS (
      -- One pass over the messages, each asked for the position of every wanted series: a
      -- fifth to a third faster than unnesting them when one key is wanted, the same for five
      -- (43,200 messages of one device).
      SELECT w.key, x.ts, coalesce(x.dbl_v[p.i], x.long_v[p.i]::double precision) AS num
        FROM telemetry x
       CROSS JOIN wanted w
       CROSS JOIN LATERAL array_position(x.series_ids, w.id) AS p (i)
       WHERE x.entity_id = p_entity AND x.ts >= p_from AND x.ts < p_to AND p.i IS NOT NULL
    ), bucketed AS (
      SELECT p.key, (extract(epoch FROM date_bin(iv, p.ts, p_from)) * 1000)::bigint AS b,
             CASE p_agg WHEN 'AVG' THEN avg(p.num) WHEN 'MIN' THEN min(p.num) WHEN 'MAX' THEN max(p.num)
                        WHEN 'SUM' THEN sum(p.num) ELSE count(*)::double precision END AS v
        FROM point p
       GROUP BY 1, 2
    )
    SELECT bucketed.key, bucketed.b, bucketed.v FROM bucketed WHERE bucketed.v IS NOT NULL ORDER BY 1, 2;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_aggregate(uuid, text[], timestamp with time zone, timestamp with time zone, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_aggregate(uuid, text[], timestamp with time zone, timestamp with time zone, bigint, text) TO industryos_app, industryos_system;
