-- The load's latest counters, every half second or so.
UPDATE load_runs SET updated_at = $2, progress = $3 WHERE run_id = $1;
