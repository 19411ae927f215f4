-- The breakers per rule (the rule each row breaks is broken_rule.sql's): one small result,
-- whatever the number of events.
SELECT broken_rule, COUNT(*) AS breakers
FROM (
  SELECT :broken_rule AS broken_rule
  FROM staging_events
) checked
WHERE broken_rule IS NOT NULL
GROUP BY broken_rule;
