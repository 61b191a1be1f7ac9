-- Interns keys, returning their ids in the order given.
CREATE OR REPLACE FUNCTION telemetry_key_ids(p_keys text[])
 RETURNS integer[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  ids integer[];
BEGIN
  INSERT INTO telemetry_key (key) SELECT DISTINCT k FROM unnest(p_keys) k ORDER BY 1 ON CONFLICT (key) DO NOTHING;
  SELECT array_agg(t.id ORDER BY i.n) INTO ids
    FROM unnest(p_keys) WITH ORDINALITY AS i (key, n) JOIN telemetry_key t ON t.key = i.key;
  RETURN ids;
END $function$;

REVOKE EXECUTE ON FUNCTION telemetry_key_ids(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION telemetry_key_ids(text[]) TO industryos_system;
