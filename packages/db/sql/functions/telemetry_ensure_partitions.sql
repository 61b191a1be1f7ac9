-- Partitions (plain PostgreSQL): one per UTC day, created ahead, dropped after retention; on
-- TimescaleDB it does nothing. Concurrent writers creating the same day: an advisory lock, CREATE
-- TABLE IF NOT EXISTS and a duplicate_table handler (the re-check can read a stale catalog cache).
CREATE OR REPLACE FUNCTION telemetry_ensure_partitions(p_from date, p_to date)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_ensure_partitions(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_ensure_partitions(date, date) TO industryos_system;
