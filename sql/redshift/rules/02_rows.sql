-- The staged rows that break a record rule (the CASE is 01_count.sql's), with what the
-- rejected-records file shows of them: staging has no file or line, so the row's own ts,
-- user_id and session_id, and the fields the rules read. Read only when the count says there
-- are some; at most 100,001 rows, one more than --max-errors can allow on Redshift.
SELECT broken_rule, ts, user_id, session_id, level, page
FROM (
  SELECT CASE
         WHEN ts IS NULL THEN 'ts:required'
         WHEN user_id IS NOT NULL AND NOT (user_id ~ '^(0|[1-9][0-9]{0,9})$' AND (OCTET_LENGTH(user_id) < 10 OR user_id <= '2147483647')) THEN 'user_id:user_id'
         WHEN level IS NULL AND page = 'NextSong' THEN 'level:requiredWhen'
         WHEN level IS NOT NULL AND NOT (level IN ('free', 'paid') AND OCTET_LENGTH(level) = 4) THEN 'level:oneOf'
         WHEN session_id IS NULL AND page = 'NextSong' THEN 'session_id:requiredWhen'
       END AS broken_rule,
         ts, user_id, session_id, level, page
  FROM staging_events
) checked
WHERE broken_rule IS NOT NULL
ORDER BY ts, user_id, session_id
LIMIT 100001;
