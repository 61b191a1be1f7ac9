-- Plain PostgreSQL: one telemetry row per device message instead of one per point.
--
-- A row is (entity_id, ts) with the message's points in parallel arrays: series_ids, and one
-- value array per type (bool_v, long_v, dbl_v, str_v, json_v), NULL where a position holds
-- another type, the whole column NULL when no point of the message has that type. The unique
-- index (entity_id, ts) gets one entry per message instead of one per point, and that btree
-- insertion was most of what PostgreSQL spent per point: 64% of the COPY backend in perf. Measured
-- on this machine with 375,000 five-key messages (bench/telemetry-store/row-layout.ts): backend
-- CPU 23.6 against 6.1 us per message, 489 against 195 bytes of table and index per message;
-- ingest (bench/ingest) went from a median of 47-50% of Mosquitto's rate to 59-65%.
--
-- What it costs readers: one key's points are read out of its entity's messages, so a key sent
-- in few of them is found by scanning the others in the range (the newest 100 points of a key
-- sent in every message: 0.48 ms before, 0.83 ms now). Latest values still come from
-- telemetry_latest, keyed by series as before.
--
-- Semantics are unchanged: a point is (series, ts); writing a point already stored overwrites it
-- and leaves the message's other points alone (two messages of one device in the same
-- millisecond merge into one row). Series stay per tenant, so a row may hold the series of two
-- tenants when one wrote at the other's entity id (the application role, telemetry_write); every
-- reader picks its tenant's series out of the arrays and never sees the other's.
--
-- TimescaleDB keeps the narrow table: its continuous aggregates (the hourly and daily rollups)
-- cannot unnest arrays, and its columnar compression segments by series. This migration changes
-- nothing there.
--
-- Existing points are regrouped into messages inside this migration's transaction; ingest's
-- writes wait (unacknowledged, retried) until it commits.

DO $migration$
DECLARE
  part record;
  range_query text;
BEGIN
  IF (SELECT flavour FROM telemetry_settings) <> 'postgres' THEN
    RETURN;
  END IF;

  -- The day partitions keep their names (telemetry_pYYYYMMDD) on the new table.
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'telemetry'::regclass
  LOOP
    EXECUTE format('ALTER TABLE %I RENAME TO %I', part.relname, 'by_series_' || part.relname);
  END LOOP;
  ALTER TABLE telemetry RENAME TO telemetry_by_series;
  ALTER INDEX telemetry_point_key RENAME TO telemetry_by_series_point_key;
  ALTER INDEX telemetry_ts_brin RENAME TO telemetry_by_series_ts_brin;

  CREATE TABLE telemetry (
    entity_id uuid NOT NULL,
    ts timestamptz NOT NULL,
    series_ids bigint[] NOT NULL,
    bool_v boolean[],
    long_v bigint[],
    dbl_v double precision[],
    str_v text[],
    json_v jsonb[]
  ) PARTITION BY RANGE (ts);
  -- Unique per message: a device retrying an unacknowledged message overwrites, never duplicates.
  CREATE UNIQUE INDEX telemetry_message_key ON telemetry (entity_id, ts);
  -- Rows arrive in time order, so a block range index on ts is tiny and prunes scans by time.
  CREATE INDEX telemetry_ts_brin ON telemetry USING brin (ts) WITH (pages_per_range = 32);
  REVOKE ALL ON telemetry FROM PUBLIC, industryos_app;

  -- One point of a message, and the two helpers every writer of message rows goes through: a
  -- message's points, and points packed into a message's arrays (sorted by series id; a type no
  -- point has is NULL).
  CREATE TYPE telemetry_point AS (
    series_id bigint, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb
  );
  EXECUTE $fn$
CREATE FUNCTION telemetry_points(m telemetry) RETURNS SETOF telemetry_point
  LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $body$
  SELECT * FROM unnest(m.series_ids, m.bool_v, m.long_v, m.dbl_v, m.str_v, m.json_v)
$body$
$fn$;
  EXECUTE $fn$
CREATE FUNCTION telemetry_pack(p_points telemetry_point[],
  OUT series_ids bigint[], OUT bool_v boolean[], OUT long_v bigint[], OUT dbl_v double precision[], OUT str_v text[], OUT json_v jsonb[])
  LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $body$
  SELECT array_agg(p.series_id ORDER BY p.series_id),
         CASE WHEN count(p.bool_v) > 0 THEN array_agg(p.bool_v ORDER BY p.series_id) END,
         CASE WHEN count(p.long_v) > 0 THEN array_agg(p.long_v ORDER BY p.series_id) END,
         CASE WHEN count(p.dbl_v) > 0 THEN array_agg(p.dbl_v ORDER BY p.series_id) END,
         CASE WHEN count(p.str_v) > 0 THEN array_agg(p.str_v ORDER BY p.series_id) END,
         CASE WHEN count(p.json_v) > 0 THEN array_agg(p.json_v ORDER BY p.series_id) END
    FROM unnest(p_points) AS p
$body$
$fn$;
  REVOKE EXECUTE ON FUNCTION telemetry_points(telemetry), telemetry_pack(telemetry_point[]) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION telemetry_points(telemetry), telemetry_pack(telemetry_point[]) TO industryos_system;

  FOR part IN
    SELECT to_date(substr(c.relname, 22), 'YYYYMMDD') AS day
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'telemetry_by_series'::regclass AND c.relname ~ '^by_series_telemetry_p[0-9]{8}$'
  LOOP
    PERFORM telemetry_ensure_partitions(part.day, part.day);
  END LOOP;

  INSERT INTO telemetry (entity_id, ts, series_ids, bool_v, long_v, dbl_v, str_v, json_v)
  SELECT g.entity_id, g.ts, m.*
    FROM (SELECT s.entity_id, o.ts, array_agg(ROW(o.series_id, o.bool_v, o.long_v, o.dbl_v, o.str_v, o.json_v)::telemetry_point) AS points
            FROM telemetry_by_series o JOIN telemetry_series s ON s.id = o.series_id
           GROUP BY s.entity_id, o.ts) g
   CROSS JOIN LATERAL telemetry_pack(g.points) m
   ORDER BY g.entity_id, g.ts;

  DROP TABLE telemetry_by_series; -- with its partitions

  -- -------------------------------------------------------------------------------------------
  -- Writing

  -- Points of series; a point already stored is overwritten, within the batch the last row
  -- wins, and the other points of its message stay. Latest values are upserted in the same
  -- transaction. Returns the number of points written.
  EXECUTE $fn$
CREATE OR REPLACE FUNCTION telemetry_store_batch(
  p_series bigint[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS bigint LANGUAGE plpgsql SET search_path = public, pg_temp AS $body$
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
END $body$
$fn$;

  -- Latest values written behind the points (packages/db/src/telemetry/latest-writer.ts), rows
  -- sorted by series id. A point deleted since it was written must not come back as a latest
  -- value, hence the probe for the stored point; LATERAL keeps the rows (and their locks) in
  -- the order given.
  EXECUTE $fn$
CREATE OR REPLACE FUNCTION telemetry_flush_latest(
  p_series bigint[], p_ts timestamptz[],
  p_bool boolean[], p_long bigint[], p_dbl double precision[], p_str text[], p_json jsonb[]
) RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $body$
  INSERT INTO telemetry_latest AS l
  SELECT u.series_id, u.ts, u.bool_v, u.long_v, u.dbl_v, u.str_v, u.json_v
    FROM unnest(p_series, p_ts, p_bool, p_long, p_dbl, p_str, p_json)
           AS u (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)
   CROSS JOIN LATERAL (
     SELECT 1 FROM telemetry_series s JOIN telemetry x ON x.entity_id = s.entity_id AND x.ts = u.ts
      WHERE s.id = u.series_id AND u.series_id = ANY (x.series_ids) LIMIT 1) stored
  ON CONFLICT (series_id) DO UPDATE
    SET ts = excluded.ts, bool_v = excluded.bool_v, long_v = excluded.long_v, dbl_v = excluded.dbl_v,
        str_v = excluded.str_v, json_v = excluded.json_v
    WHERE l.ts <= excluded.ts
$body$
$fn$;

  -- -------------------------------------------------------------------------------------------
  -- Reading, per tenant (app.tenant_id): a series' points are the positions of its id in its
  -- entity's messages.

  EXECUTE $fn$
CREATE OR REPLACE FUNCTION telemetry_latest_values(p_entity uuid, p_keys text[])
  RETURNS TABLE (key text, ts timestamptz, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $body$
  -- The newer of the latest row and the series' newest point after it (the row may trail).
  SELECT k.key, v.ts, v.bool_v, v.long_v, v.dbl_v, v.str_v, v.json_v
    FROM telemetry_series s
    JOIN telemetry_key k ON k.id = s.key_id
    JOIN telemetry_latest l ON l.series_id = s.id
    CROSS JOIN LATERAL (
      (SELECT x.ts, x.bool_v[p.i], x.long_v[p.i], x.dbl_v[p.i], x.str_v[p.i], x.json_v[p.i]
         FROM telemetry x CROSS JOIN LATERAL array_position(x.series_ids, s.id) AS p (i)
        WHERE x.entity_id = s.entity_id AND x.ts > l.ts AND p.i IS NOT NULL
        ORDER BY x.ts DESC LIMIT 1)
      UNION ALL
      SELECT l.ts, l.bool_v, l.long_v, l.dbl_v, l.str_v, l.json_v
      ORDER BY 1 DESC LIMIT 1
    ) v
   WHERE s.tenant_id = telemetry_tenant() AND s.entity_id = p_entity AND (p_keys IS NULL OR k.key = ANY (p_keys))
   ORDER BY k.key
$body$
$fn$;

  -- The newest or the oldest p_limit points of each key; the two branches differ only in the
  -- direction, which must be written out for the index scan to run that way.
  range_query := $q$
    RETURN QUERY
      SELECT k.key, (extract(epoch FROM r.ts) * 1000)::bigint, r.b, r.l, r.d, r.s, r.j
        FROM telemetry_series s JOIN telemetry_key k ON k.id = s.key_id CROSS JOIN LATERAL (
          SELECT x.ts, x.bool_v[p.i] AS b, x.long_v[p.i] AS l, x.dbl_v[p.i] AS d, x.str_v[p.i] AS s, x.json_v[p.i] AS j
            FROM telemetry x CROSS JOIN LATERAL array_position(x.series_ids, s.id) AS p (i)
           WHERE x.entity_id = s.entity_id AND x.ts >= p_from AND x.ts < p_to AND p.i IS NOT NULL
           ORDER BY x.ts %1$s LIMIT p_limit) r
       WHERE s.tenant_id = t AND s.entity_id = p_entity AND k.key = ANY (p_keys)
       ORDER BY k.key, r.ts %1$s;$q$;
  EXECUTE format($fn$
CREATE OR REPLACE FUNCTION telemetry_range(p_entity uuid, p_keys text[], p_from timestamptz, p_to timestamptz, p_limit integer, p_desc boolean)
  RETURNS TABLE (key text, ts_ms bigint, bool_v boolean, long_v bigint, dbl_v double precision, str_v text, json_v jsonb)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $body$
#variable_conflict use_column
DECLARE
  t uuid := telemetry_tenant();
BEGIN
  IF p_desc THEN%s
  ELSE%s
  END IF;
END $body$
$fn$, format(range_query, 'DESC'), format(range_query, 'ASC'));

  -- Points leave their messages; a message left without points goes.
  EXECUTE $fn$
CREATE OR REPLACE FUNCTION telemetry_delete_range(p_entity uuid, p_keys text[], p_from timestamptz, p_to timestamptz)
  RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $body$
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
END $body$
$fn$;

  -- p_agg: AVG, MIN, MAX, SUM (numeric points) or COUNT (all points). Buckets of p_interval_ms
  -- aligned to p_from over [p_from, p_to); buckets without a value are left out. The entity's
  -- messages in the range are read once; the tenant's wanted series are picked out of them.
  EXECUTE $fn$
CREATE OR REPLACE FUNCTION telemetry_aggregate(p_entity uuid, p_keys text[], p_from timestamptz, p_to timestamptz, p_interval_ms bigint, p_agg text)
  RETURNS TABLE (key text, ts_ms bigint, value double precision)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $body$
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
END $body$
$fn$;
END $migration$;
