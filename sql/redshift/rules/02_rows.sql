-- The staged rows that break a record rule (which rule: broken_rule.sql), with what the
-- rejected-records file shows of them: staging has no file or line, so the row's own ts,
-- user_id and session_id, and the fields the rules read. Read only when the count says there
-- are some; at most 100,001 rows, one more than --max-errors can allow on Redshift.
SELECT broken_rule, ts, user_id, session_id, level, page
FROM (
  SELECT :broken_rule AS broken_rule,
         ts, user_id, session_id, level, page
  FROM staging_events
) checked
WHERE broken_rule IS NOT NULL
ORDER BY ts, user_id, session_id
LIMIT 100001;
