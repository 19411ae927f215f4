-- The load ended: done, failed or cancelled (its data rolled back in the last two cases).
UPDATE load_runs SET updated_at = $2, finished_at = $2, status = $3, progress = $4 WHERE run_id = $1;
