-- Plain PostgreSQL: points packed into a message's arrays, sorted by series id; a type no point
-- has is NULL. Every writer of message rows goes through it.
CREATE OR REPLACE FUNCTION telemetry_pack(p_points telemetry_point[], OUT series_ids bigint[], OUT bool_v boolean[], OUT long_v bigint[], OUT dbl_v double precision[], OUT str_v text[], OUT json_v jsonb[])
 RETURNS record
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT array_agg(p.series_id ORDER BY p.series_id),
         CASE WHEN count(p.bool_v) > 0 THEN array_agg(p.bool_v ORDER BY p.series_id) END,
         CASE WHEN count(p.long_v) > 0 THEN array_agg(p.long_v ORDER BY p.series_id) END,
         CASE WHEN count(p.dbl_v) > 0 THEN array_agg(p.dbl_v ORDER BY p.series_id) END,
         CASE WHEN count(p.str_v) > 0 THEN array_agg(p.str_v ORDER BY p.series_id) END,
         CASE WHEN count(p.json_v) > 0 THEN array_agg(p.json_v ORDER BY p.series_id) END
    FROM unnest(p_points) AS p
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_pack(telemetry_point[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_pack(telemetry_point[]) TO industryos_system;
