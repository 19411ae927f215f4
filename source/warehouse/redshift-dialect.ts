// The one place that names the SQL only Redshift's dialect can run. Everything else the
// Redshift load runs (emptying staging and the star, the name repair, the transforms) is
// written in the subset PostgreSQL runs too, and a test runs exactly those statements on
// the embedded PostgreSQL to prove both targets end with the same rows. A new file under
// sql/redshift/ must be listed here, in one list or the other (a test checks).

/** Statement files of sql/ only Redshift runs, with the dialect feature that ties them to it. */
export const redshiftOnlySql: ReadonlyArray<{readonly file: string; readonly feature: string; readonly pattern: RegExp}> = [
	{file: 'redshift/create_tables.sql', feature: 'IDENTITY(0, 1), DISTSTYLE, DISTKEY and SORTKEY', pattern: /IDENTITY\(|DISTSTYLE|DISTKEY|SORTKEY/},
	{file: 'redshift/copy_songs.sql', feature: "COPY from S3 with IAM_ROLE and JSON 'auto'", pattern: /IAM_ROLE/},
	{file: 'redshift/copy_events.sql', feature: "COPY from S3 with IAM_ROLE, a JSONPaths file and TIMEFORMAT 'epochmillisecs'", pattern: /IAM_ROLE/},
	{file: 'redshift/load_progress.sql', feature: 'the SYS_LOAD_HISTORY system view', pattern: /sys_load_history/i},
	{file: 'redshift/load_errors.sql', feature: 'the SYS_LOAD_ERROR_DETAIL system view', pattern: /sys_load_error_detail/i},
	{file: 'redshift/session_clock.sql', feature: 'SYSDATE (PostgreSQL has no such function)', pattern: /SYSDATE/},
];

/**
 * The Redshift load's statement files in the subset both dialects run, in the order the load
 * runs them (the COPYs sit between the first and the record rules). DELETE, not TRUNCATE, is
 * a choice made for Redshift (its TRUNCATE commits at once) that PostgreSQL runs as well.
 */
export const redshiftPortableSql = {
	clearStaging: 'redshift/clear_staging.sql',
	// An expression, not a statement: the CASE naming the record rule a staged row breaks,
	// which the three rules statements take where they say :broken_rule.
	rulesBrokenRule: 'redshift/rules/broken_rule.sql',
	rulesCount: 'redshift/rules/01_count.sql',
	rulesRows: 'redshift/rules/02_rows.sql',
	rulesDelete: 'redshift/rules/03_delete.sql',
	repairCandidates: 'redshift/repair/01_candidates.sql',
	repairCreateMap: 'redshift/repair/02_create_map.sql',
	repairFillMap: 'redshift/repair/03_fill_map.sql',
	repairTally: 'redshift/repair/04_tally.sql',
	repairApply: 'redshift/repair/05_apply.sql',
	clearStar: 'redshift/clear_star.sql',
	dropTables: 'redshift/drop_tables.sql',
} as const;
