-- Registers a load as it starts (shared by both dialects).
INSERT INTO load_runs (run_id, started_at, updated_at, status, source, progress)
VALUES ($1, $2, $2, 'running', $3, $4);
