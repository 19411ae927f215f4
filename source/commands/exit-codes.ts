// The exit codes every command shares, documented in --help and the README.

/** Exit codes: 0 ok, 1 failed, 2 bad usage, 3 quality checks failed, 130 cancelled. */
export const exitCodes = {ok: 0, failed: 1, usage: 2, checksFailed: 3, cancelled: 130} as const;
