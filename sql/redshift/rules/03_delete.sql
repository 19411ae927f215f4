-- The rows that break a record rule leave staging before the name repair and the transforms
-- read it, inside the load's transaction (the CASE is 01_count.sql's).
DELETE FROM staging_events
WHERE CASE
         WHEN ts IS NULL THEN 'ts:required'
         WHEN user_id IS NOT NULL AND NOT (user_id ~ '^(0|[1-9][0-9]{0,9})$' AND (OCTET_LENGTH(user_id) < 10 OR user_id <= '2147483647')) THEN 'user_id:user_id'
         WHEN level IS NULL AND page = 'NextSong' THEN 'level:requiredWhen'
         WHEN level IS NOT NULL AND NOT (level IN ('free', 'paid') AND OCTET_LENGTH(level) = 4) THEN 'level:oneOf'
         WHEN session_id IS NULL AND page = 'NextSong' THEN 'session_id:requiredWhen'
       END IS NOT NULL;
