-- The tenant of the current transaction, or NULL. set_config(..., true) leaves '' behind after
-- the transaction ends, hence NULLIF. Every tenant policy (row-level security) compares against this.
CREATE OR REPLACE FUNCTION current_tenant_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $function$;

GRANT EXECUTE ON FUNCTION current_tenant_id() TO industryos_app, industryos_system;
