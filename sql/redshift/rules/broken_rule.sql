-- The record rules of source/etl/record-rules.ts, applied to staging_events after the COPYs
-- (COPY knows none of them). One CASE names, for each row, the first rule it breaks, in the
-- order the local loader checks them (field types first: ts, user_id; then the rules across
-- fields: level, session_id); NULL means the row is valid. It is an expression, not a
-- statement: 01_count.sql, 02_rows.sql and 03_delete.sql take it where they say :broken_rule
-- (source/etl/redshift-rules.ts fills it in), and each rule's name is listed in
-- source/etl/redshift-rules.ts.
-- Why each test is written so, on Redshift and PostgreSQL alike:
--   * ts: NOT NULL on Redshift already (COPY rejects the row); kept so the list is whole.
--   * user_id: canonical digits only ("008", "8.0", " 8", "+8" would be one user twice once
--     cast), at most 2147483647: ten digits are compared as text, which for digit strings of
--     equal length is their order as numbers (no CAST that could fail on a bad row).
--   * level: compared with its byte length too, since Redshift ignores trailing spaces in
--     VARCHAR equality and would take "free " for "free"; the local loader does not.
--   * page: compared as the songplays transform compares it, so every row the transform
--     will take for a play has its session and level.
CASE
  WHEN ts IS NULL THEN 'ts:required'
  WHEN user_id IS NOT NULL AND NOT (user_id ~ '^(0|[1-9][0-9]{0,9})$' AND (OCTET_LENGTH(user_id) < 10 OR user_id <= '2147483647')) THEN 'user_id:user_id'
  WHEN level IS NULL AND page = 'NextSong' THEN 'level:requiredWhen'
  WHEN level IS NOT NULL AND NOT (level IN ('free', 'paid') AND OCTET_LENGTH(level) = 4) THEN 'level:oneOf'
  WHEN session_id IS NULL AND page = 'NextSong' THEN 'session_id:requiredWhen'
END
