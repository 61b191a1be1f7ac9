-- Makes this database an edge's: the link row, and statement triggers (transition tables, so one call per
-- statement) that queue alarm and attribute changes in the writing transaction, whoever writes them. Owner
-- rights are needed to create triggers: the function has them; the system role may only call it.
CREATE OR REPLACE FUNCTION edge_open_link(p_cloud_url text, p_edge_key text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  INSERT INTO edge_cloud_link (cloud_url, edge_key) VALUES (p_cloud_url, p_edge_key)
  ON CONFLICT (singleton) DO UPDATE SET cloud_url = excluded.cloud_url, edge_key = excluded.edge_key,
    -- Another edge's cursor would skip this one's changes.
    downlink_cursor = CASE WHEN edge_cloud_link.edge_key = excluded.edge_key THEN edge_cloud_link.downlink_cursor END;
  CREATE OR REPLACE TRIGGER edge_uplink_attribute_inserts AFTER INSERT ON "Attribute"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_attribute_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_attribute_updates AFTER UPDATE ON "Attribute"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_attribute_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_alarm_inserts AFTER INSERT ON "Alarm"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_alarm_changes();
  CREATE OR REPLACE TRIGGER edge_uplink_alarm_updates AFTER UPDATE ON "Alarm"
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION edge_record_alarm_changes();
END $function$;

REVOKE EXECUTE ON FUNCTION edge_open_link(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION edge_open_link(text, text) TO industryos_system;
