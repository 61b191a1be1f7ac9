-- How telemetry was built (flavour) and its settings.
CREATE OR REPLACE FUNCTION telemetry_info()
 RETURNS TABLE(flavour text, retention_days integer, partition_ahead_days integer)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
  SELECT flavour, retention_days, partition_ahead_days FROM telemetry_settings
$function$;

REVOKE EXECUTE ON FUNCTION telemetry_info() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_info() TO industryos_app, industryos_system;
