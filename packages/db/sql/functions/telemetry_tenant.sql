-- The tenant of the transaction; telemetry functions refuse to run without one.
CREATE OR REPLACE FUNCTION telemetry_tenant()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  t uuid := current_tenant_id();
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'app.tenant_id is not set: telemetry is read and written per tenant' USING ERRCODE = '42501';
  END IF;
  RETURN t;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_tenant() TO industryos_system;
