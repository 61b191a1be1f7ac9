-- Latest values written behind the points (packages/db/src/telemetry/latest-writer.ts).
--
-- Upserting telemetry_latest inside every write transaction cost about three COPY rows per
-- point when each point is its series' newest: the store reached 37% of a bare COPY
-- (bench/telemetry-store). Now a write transaction COPYs the points and only registers series
-- the writing process has not seen yet (telemetry_register_series, ON CONFLICT DO NOTHING). The
-- newest value of each series is kept in memory, coalesced across batches, and upserted after
-- the commit at most once per series per flush (telemetry_flush_latest).
--
-- A latest row can therefore trail its series for a flush interval, or for longer if the writing
-- process died before flushing. Readers take the newer of the latest row and the series' newest
-- point after it (one index probe that prunes to the newest partition or chunk), so reads are
-- exact at all times and telemetry_latest is a cache that keeps that probe short.

CREATE FUNCTION telemetry_register_series(
  p_tenant uuid[], p_entity uuid[], p_key integer[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $$
  -- Rows sorted by tenant, entity and key by the caller: concurrent writers lock in one order.
  INSERT INTO telemetry_latest
  SELECT * FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
  ON CONFLICT (tenant_id, entity_id, key_id) DO NOTHING
$$;

CREATE FUNCTION telemetry_flush_latest(
  p_tenant uuid[], p_entity uuid[], p_key integer[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  -- One row per series (the caller coalesces), sorted. A point deleted since it was written
  -- (telemetry_delete_range) must not come back as a latest value, hence the existence probe:
  -- LATERAL ... LIMIT 1 keeps it one index lookup per row in the point's own partition (as a
  -- plain EXISTS the planner hashed the whole day's partition instead).
  INSERT INTO telemetry_latest AS l
  SELECT u.tenant_id, u.entity_id, u.key_id, u.ts, u.bool_v, u.long_v, u.dbl_v, u.str_v, u.json_v
    FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
           AS u (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
   CROSS JOIN LATERAL (SELECT 1 FROM telemetry x
                        WHERE x.tenant_id = u.tenant_id AND x.entity_id = u.entity_id AND x.key_id = u.key_id AND x.ts = u.ts
                        LIMIT 1) stored
  ON CONFLICT (tenant_id, entity_id, key_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts;
END $$;

CREATE OR REPLACE FUNCTION telemetry_latest_values(p_entity uuid, p_keys text[])
  RETURNS TABLE (key text, ts timestamptz, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.key, v.ts, v.bool_v, v.long_v, v.dbl_v, v.str_v, v.json_v
    FROM telemetry_latest l
    JOIN telemetry_key k ON k.id = l.key_id
    CROSS JOIN LATERAL (
      (SELECT x.ts, x.bool_v, x.long_v, x.dbl_v, x.str_v, x.json_v FROM telemetry x
        WHERE x.tenant_id = l.tenant_id AND x.entity_id = l.entity_id AND x.key_id = l.key_id AND x.ts > l.ts
        ORDER BY x.ts DESC LIMIT 1)
      UNION ALL
      SELECT l.ts, l.bool_v, l.long_v, l.dbl_v, l.str_v, l.json_v
      ORDER BY 1 DESC LIMIT 1
    ) v
   WHERE l.tenant_id = telemetry_tenant() AND l.entity_id = p_entity AND (p_keys IS NULL OR k.key = ANY (p_keys))
   ORDER BY k.key
$$;

REVOKE EXECUTE ON FUNCTION
  telemetry_register_series(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]),
  telemetry_flush_latest(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[])
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  telemetry_register_series(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]),
  telemetry_flush_latest(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[])
  TO industryos_system;

-- Replaced by telemetry_register_series + telemetry_flush_latest.
DROP FUNCTION telemetry_update_latest(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]);
