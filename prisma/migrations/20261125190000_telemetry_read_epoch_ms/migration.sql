-- Cheaper reads of long ranges (a 30-day chart at 1-minute resolution is 43,200 rows): the
-- functions return time as epoch milliseconds (bigint) instead of timestamptz, which the client
-- parsed into Date objects row by row, and telemetry_aggregate computes only the requested
-- aggregate and drops buckets without a numeric value itself.

DROP FUNCTION telemetry_aggregate(uuid, text[], timestamptz, timestamptz, bigint);
DROP FUNCTION telemetry_range(uuid, text[], timestamptz, timestamptz, integer, boolean);

CREATE FUNCTION telemetry_range(p_entity uuid, p_keys text[], p_from timestamptz, p_to timestamptz, p_limit integer, p_desc boolean)
  RETURNS TABLE (key text, ts_ms bigint, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  t uuid := telemetry_tenant();
BEGIN
  IF p_desc THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.bool_v, r.long_v, r.dbl_v, r.str_v, r.json_v
        FROM telemetry_key k CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
           WHERE x.tenant_id = t AND x.entity_id = p_entity AND x.key_id = k.id AND x.ts >= p_from AND x.ts < p_to
           ORDER BY x.ts DESC LIMIT p_limit) r
       WHERE k.key = ANY (p_keys)
       ORDER BY k.key, r.ts DESC;
  ELSE
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.bool_v, r.long_v, r.dbl_v, r.str_v, r.json_v
        FROM telemetry_key k CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
           WHERE x.tenant_id = t AND x.entity_id = p_entity AND x.key_id = k.id AND x.ts >= p_from AND x.ts < p_to
           ORDER BY x.ts ASC LIMIT p_limit) r
       WHERE k.key = ANY (p_keys)
       ORDER BY k.key, r.ts ASC;
  END IF;
END $$;

-- p_agg: AVG, MIN, MAX, SUM (numeric points) or COUNT (all points). Buckets of p_interval_ms
-- aligned to p_from over [p_from, p_to); buckets without a value are left out.
DO $do$
DECLARE
  timescale constant boolean := (SELECT flavour FROM telemetry_settings) = 'timescaledb';
  bucket text := CASE WHEN timescale THEN 'time_bucket(iv, x.ts, origin => p_from)' ELSE 'date_bin(iv, x.ts, p_from)' END;
  -- Over a rollup (hourly or daily continuous aggregate) and over raw points.
  pick_rollup constant text := $p$CASE p_agg WHEN 'AVG' THEN sum(x.sum) / nullif(sum(x.num_cnt), 0) WHEN 'MIN' THEN min(x.min)
    WHEN 'MAX' THEN max(x.max) WHEN 'SUM' THEN sum(x.sum) ELSE sum(x.cnt)::double precision END$p$;
  pick_raw constant text := $p$CASE p_agg WHEN 'AVG' THEN avg(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'MIN' THEN min(coalesce(x.dbl_v, x.long_v::double precision)) WHEN 'MAX' THEN max(coalesce(x.dbl_v, x.long_v::double precision))
    WHEN 'SUM' THEN sum(coalesce(x.dbl_v, x.long_v::double precision)) ELSE count(*)::double precision END$p$;
  rollups text := '';
BEGIN
  IF timescale THEN
    rollups := format($r$
  IF (ms %% 86400000 = 0 AND extract(epoch FROM p_from)::bigint %% 86400 = 0 AND extract(epoch FROM p_to)::bigint %% 86400 = 0) THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM time_bucket(iv, x.bucket, origin => p_from)) * 1000)::bigint AS b, %1$s AS v
        FROM telemetry_key k JOIN telemetry_daily x ON x.key_id = k.id
       WHERE k.key = ANY (p_keys) AND x.tenant_id = t AND x.entity_id = p_entity AND x.bucket >= p_from AND x.bucket < p_to
       GROUP BY 1, 2 HAVING %1$s IS NOT NULL ORDER BY 1, 2;
    RETURN;
  ELSIF (ms %% 3600000 = 0 AND extract(epoch FROM p_from)::bigint %% 3600 = 0 AND extract(epoch FROM p_to)::bigint %% 3600 = 0) THEN
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM time_bucket(iv, x.bucket, origin => p_from)) * 1000)::bigint AS b, %1$s AS v
        FROM telemetry_key k JOIN telemetry_hourly x ON x.key_id = k.id
       WHERE k.key = ANY (p_keys) AND x.tenant_id = t AND x.entity_id = p_entity AND x.bucket >= p_from AND x.bucket < p_to
       GROUP BY 1, 2 HAVING %1$s IS NOT NULL ORDER BY 1, 2;
    RETURN;
  END IF;$r$, pick_rollup);
  END IF;
  EXECUTE format($f$
CREATE FUNCTION telemetry_aggregate(p_entity uuid, p_keys text[], p_from timestamptz, p_to timestamptz, p_interval_ms bigint, p_agg text)
  RETURNS TABLE (key text, ts_ms bigint, value double precision)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $body$
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
  END IF;%s
  RETURN QUERY
    SELECT k.key, (extract(epoch FROM %s) * 1000)::bigint AS b, %s AS v
      FROM telemetry_key k JOIN telemetry x ON x.key_id = k.id
     WHERE k.key = ANY (p_keys) AND x.tenant_id = t AND x.entity_id = p_entity AND x.ts >= p_from AND x.ts < p_to
     GROUP BY 1, 2 HAVING %s IS NOT NULL ORDER BY 1, 2;
END $body$$f$, rollups, bucket, pick_raw, pick_raw);
END $do$;

REVOKE EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamptz, timestamptz, integer, boolean),
  telemetry_aggregate(uuid, text[], timestamptz, timestamptz, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_range(uuid, text[], timestamptz, timestamptz, integer, boolean),
  telemetry_aggregate(uuid, text[], timestamptz, timestamptz, bigint, text) TO industryos_app, industryos_system;
