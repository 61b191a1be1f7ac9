-- p_agg: AVG, MIN, MAX, SUM (numeric points) or COUNT (all points). Buckets of p_interval_ms
-- aligned to p_from over [p_from, p_to); buckets without a value are left out. time_bucket, and
-- the hourly/daily continuous aggregates when interval and range align to them.
CREATE OR REPLACE FUNCTION telemetry_aggregate(p_entity uuid, p_keys text[], p_from timestamp with time zone, p_to timestamp with time zone, p_interval_ms bigint, p_agg text)
 RETURNS TABLE(key text, ts_ms bigint, value double precision)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
DECLARE
  t uuid := telemetry_tenant();
  ms constant bigint := p_interval_ms;
  iv constant interval := p_interval_ms * INTERVAL '1 millisecond';
BEGIN
  IF ms <= 0 THEN
    RAISE EXCEPTION 'interval must be positive' USING ERRCODE = '22023';
  END IF;
  IF p_agg IS NULL OR p_agg NOT IN ('AVG', 'MIN', 'MAX', 'SUM', 'COUNT') THEN
    RAISE EXCEPTION 'aggregation must be AVG, MIN, MAX, SUM or COUNT' USING ERRCODE = '22023';
  END IF;
  IF (ms % 86400000 = 0 AND extract(epoch FROM p_from)::bigint % 86400 = 0 AND extract(epoch FROM p_to)::bigint % 86400 = 0) THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM time_bucket(iv, x.bucket, origin => p_from)) * 1000)::bigint AS b, CASE p_agg WHEN 'AVG' THEN sum(x.sum) / nullif(sum(x.num_cnt), 0) WHEN 'MIN' THEN min(x.min)
    WHEN 'MAX' THEN max(x.max) WHEN 'SUM' THEN sum(x.sum) ELSE sum(x.cnt)::double precision END AS v
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id JOIN telemetry_daily x ON x.series_id = s.id
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys) AND x.bucket >= p_from AND x.bucket < p_to
       GROUP BY 1, 2 HAVING CASE p_agg WHEN 'AVG' THEN sum(x.sum) / nullif(sum(x.num_cnt), 0) WHEN 'MIN' THEN min(x.min)
    WHEN 'MAX' THEN max(x.max) WHEN 'SUM' THEN sum(x.sum) ELSE sum(x.cnt)::double precision END IS NOT NULL ORDER BY 1, 2;
    RETURN;
  ELSIF (ms % 3600000 = 0 AND extract(epoch FROM p_from)::bigint % 3600 = 0 AND extract(epoch FROM p_to)::bigint % 3600 = 0) THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM time_bucket(iv, x.bucket, origin => p_from)) * 1000)::bigint AS b, CASE p_agg WHEN 'AVG' THEN sum(x.sum) / nullif(sum(x.num_cnt), 0) WHEN 'MIN' THEN min(x.min)
    WHEN 'MAX' THEN max(x.max) WHEN 'SUM' THEN sum(x.sum) ELSE sum(x.cnt)::double precision END AS v
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id JOIN telemetry_hourly x ON x.series_id = s.id
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys) AND x.bucket >= p_from AND x.bucket < p_to
       GROUP BY 1, 2 HAVING CASE p_agg WHEN 'AVG' THEN sum(x.sum) / nullif(sum(x.num_cnt), 0) WHEN 'MIN' THEN min(x.min)
    WHEN 'MAX' THEN max(x.max) WHEN 'SUM' THEN sum(x.sum) ELSE sum(x.cnt)::double precision END IS NOT NULL ORDER BY 1, 2;
    RETURN;
  END IF;
  RETURN QUERY
    SELECT k.key, (extract(epoch FROM time_bucket(iv, x.ts, origin => p_from)) * 1000)::bigint AS b, CASE p_agg WHEN 'AVG' THEN avg(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'MIN' THEN min(coalesce(x.dbl_v, x.long_v::double precision)) WHEN 'MAX' THEN max(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'SUM' THEN sum(coalesce(x.dbl_v, x.long_v::double precision)) ELSE count(*)::double precision END AS v
      FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id JOIN telemetry x ON x.series_id = s.id
     WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys) AND x.ts >= p_from AND x.ts < p_to
     GROUP BY 1, 2 HAVING CASE p_agg WHEN 'AVG' THEN avg(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'MIN' THEN min(coalesce(x.dbl_v, x.long_v::double precision)) WHEN 'MAX' THEN max(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'SUM' THEN sum(coalesce(x.dbl_v, x.long_v::double precision)) ELSE count(*)::double precision END IS NOT NULL ORDER BY 1, 2;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_aggregate(uuid, text[], timestamp with time zone, timestamp with time zone, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_aggregate(uuid, text[], timestamp with time zone, timestamp with time zone, bigint, text) TO industryos_app, industryos_system;
