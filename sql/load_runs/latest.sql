-- The most recent load, running or not.
SELECT run_id, started_at, updated_at, finished_at, status, source, progress
FROM load_runs
ORDER BY started_at DESC
LIMIT 1;
