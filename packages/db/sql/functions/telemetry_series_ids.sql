-- The series ids of (tenant, entity, key) triples, in the order given; series and keys not seen
-- before are created (in sorted order, so concurrent callers lock alike). A series without points
-- is harmless: readers only list series with a latest value.
CREATE OR REPLACE FUNCTION telemetry_series_ids(p_tenant uuid[], p_entity uuid[], p_key text[])
 RETURNS bigint[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  key_ids constant integer[] := telemetry_key_ids(p_key);
  ids bigint[];
BEGIN
  INSERT INTO telemetry_series (tenant_id, entity_id, key_id)
  SELECT DISTINCT t, e, k FROM unnest(p_tenant, p_entity, key_ids) AS u (t, e, k) ORDER BY 1, 2, 3
  ON CONFLICT ON CONSTRAINT telemetry_series_key DO NOTHING;
  SELECT array_agg(s.id ORDER BY u.n) INTO ids
    FROM unnest(p_tenant, p_entity, key_ids) WITH ORDINALITY AS u (t, e, k, n)
    JOIN telemetry_series s ON s.tenant_id = u.t AND s.entity_id = u.e AND s.key_id = u.k;
  RETURN ids;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_series_ids(uuid[], uuid[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_series_ids(uuid[], uuid[], text[]) TO industryos_system;
