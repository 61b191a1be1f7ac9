-- Faster batch writes (measured with bench/telemetry-store).
--
-- The system role's hot path (ingest) is now: COPY the points into `telemetry`, then
-- telemetry_update_latest with the newest row of each entity and key, in one transaction.
-- COPY inserts ~1.5x faster than INSERT ... SELECT FROM unnest. When the COPY hits a point that
-- is already stored (a device retrying an unacknowledged message), the transaction is rolled
-- back and the batch goes through telemetry_store_batch, which overwrites.
--
-- telemetry_store_batch is also the path without COPY (the application role's definer
-- function, PGlite in tests): a plain INSERT first, and the overwriting upsert (ON CONFLICT
-- costs ~70% more per row) only when the batch repeats a stored point.

CREATE FUNCTION telemetry_update_latest(
  p_tenant uuid[], p_entity uuid[], p_key integer[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $$
  -- One row per tenant, entity and key (the caller coalesces); an older point never wins.
  INSERT INTO telemetry_latest AS l
  SELECT * FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
  ON CONFLICT (tenant_id, entity_id, key_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts
$$;

CREATE FUNCTION telemetry_store_batch(
  p_tenant uuid[], p_entity uuid[], p_key integer[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS bigint LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n bigint;
BEGIN
  BEGIN
    INSERT INTO telemetry (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
    SELECT * FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json);
    GET DIAGNOSTICS n = ROW_COUNT;
  EXCEPTION WHEN unique_violation THEN
    -- A retried message or a point written twice: overwrite; within the batch the last row wins.
    INSERT INTO telemetry AS t (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
    SELECT DISTINCT ON (tenant_id, entity_id, key_id, ts) tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v
      FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json) WITH ORDINALITY
        AS r (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v, ord)
     ORDER BY tenant_id, entity_id, key_id, ts, ord DESC
    ON CONFLICT (tenant_id, entity_id, key_id, ts) DO UPDATE
      SET bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
          str_v = excluded.str_v, json_v = excluded.json_v;
    GET DIAGNOSTICS n = ROW_COUNT;
  END;
  INSERT INTO telemetry_latest AS l
  SELECT DISTINCT ON (tenant_id, entity_id, key_id) tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v
    FROM unnest(p_tenant, p_entity, p_key, p_ts, p_bool, p_long, p_dbl, p_str, p_json) WITH ORDINALITY
      AS r (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v, ord)
   ORDER BY tenant_id, entity_id, key_id, ts DESC, ord DESC
  ON CONFLICT (tenant_id, entity_id, key_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts;
  RETURN n;
END $$;

CREATE OR REPLACE FUNCTION telemetry_write(
  p_entity uuid[], p_key text[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  t uuid := telemetry_tenant();
  lo date;
  hi date;
BEGIN
  SELECT min(x AT TIME ZONE 'UTC')::date, max(x AT TIME ZONE 'UTC')::date INTO lo, hi FROM unnest(p_ts) AS u (x);
  IF lo IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM telemetry_ensure_partitions(lo, hi);
  RETURN telemetry_store_batch(array_fill(t, ARRAY[cardinality(p_entity)]), p_entity, telemetry_key_ids(p_key), p_ts,
                               p_bool, p_long, p_dbl, p_str, p_json);
END $$;

DROP FUNCTION telemetry_store_rows(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]);

REVOKE EXECUTE ON FUNCTION
  telemetry_store_batch(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]),
  telemetry_update_latest(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[])
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  telemetry_store_batch(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[]),
  telemetry_update_latest(uuid[], uuid[], integer[], timestamptz[], boolean[], bigint[], double precision[], text[], jsonb[])
  TO industryos_system;
