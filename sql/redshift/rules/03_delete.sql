-- The rows that break a record rule leave staging before the name repair and the transforms
-- read it, inside the load's transaction (the rule each row breaks is broken_rule.sql's).
DELETE FROM staging_events
WHERE :broken_rule IS NOT NULL;
