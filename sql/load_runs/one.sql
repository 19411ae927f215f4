-- One load, by its id: the second look after its lock was seen free.
SELECT run_id, started_at, updated_at, finished_at, status, source, progress
FROM load_runs
WHERE run_id = $1;
