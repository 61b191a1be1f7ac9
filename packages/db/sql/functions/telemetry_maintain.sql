-- Applies the retention from configuration and creates the partitions of the coming days.
-- Plain PostgreSQL: drops day partitions older than the retention. TimescaleDB: (re)sets the
-- retention policy, whose background job drops chunks. The migrator calls it after migrating.
CREATE OR REPLACE FUNCTION telemetry_maintain(p_retention_days integer, p_ahead_days integer DEFAULT NULL::integer)
 RETURNS TABLE(created integer, dropped integer)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  s telemetry_settings;
  part record;
BEGIN
  UPDATE telemetry_settings
     SET retention_days = p_retention_days, partition_ahead_days = coalesce(p_ahead_days, partition_ahead_days)
   RETURNING * INTO s;
  created := 0;
  dropped := 0;
  IF s.flavour = 'timescaledb' THEN
    PERFORM remove_retention_policy('telemetry', if_exists => true);
    PERFORM add_retention_policy('telemetry', drop_after => make_interval(days => p_retention_days));
  ELSE
    created := telemetry_ensure_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + s.partition_ahead_days);
    FOR part IN
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'telemetry'::regclass AND c.relname ~ '^telemetry_p[0-9]{8}$'
         AND to_date(substr(c.relname, 12), 'YYYYMMDD') + 1 <= (now() AT TIME ZONE 'UTC')::date - p_retention_days
    LOOP
      EXECUTE format('DROP TABLE %I', part.relname);
      dropped := dropped + 1;
    END LOOP;
  END IF;
  RETURN NEXT;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_maintain(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_maintain(integer, integer) TO industryos_system;
