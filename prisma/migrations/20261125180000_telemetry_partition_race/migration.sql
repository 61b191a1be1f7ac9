-- Concurrent writers creating the same day's partition: the advisory lock serialised them, but
-- the re-check after it could read a stale catalog cache and fail with "relation already
-- exists" (42P07, seen by ingest). CREATE TABLE IF NOT EXISTS, and a duplicate_table handler
-- for the last window, make the function idempotent.
CREATE OR REPLACE FUNCTION telemetry_ensure_partitions(p_from date, p_to date) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  d date := p_from;
  part text;
  created integer := 0;
BEGIN
  IF (SELECT flavour FROM telemetry_settings) <> 'postgres' THEN
    RETURN 0; -- TimescaleDB creates chunks itself
  END IF;
  IF p_to - p_from > 800 THEN
    RAISE EXCEPTION 'refusing to create % telemetry partitions at once', p_to - p_from + 1;
  END IF;
  WHILE d <= p_to LOOP
    part := 'telemetry_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      PERFORM pg_advisory_xact_lock(hashtext(part));
      BEGIN
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF telemetry FOR VALUES FROM (%L) TO (%L)',
          part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
        created := created + 1;
      EXCEPTION WHEN duplicate_table THEN
        NULL; -- created by a concurrent writer
      END;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END $$;
