-- Plain PostgreSQL (one telemetry row per device message): a message's points.
CREATE OR REPLACE FUNCTION telemetry_points(m telemetry)
 RETURNS SETOF telemetry_point
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT * FROM unnest(m.series_ids, m.bool_v, m.long_v, m.dbl_v, m.str_v, m.json_v)
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_points(telemetry) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_points(telemetry) TO industryos_system;
