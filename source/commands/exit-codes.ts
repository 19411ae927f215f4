// The exit codes every command shares, documented in --help and the README.

/**
 * Exit codes: 0 ok, 1 failed, 2 bad usage, 3 quality checks failed, 4 declined (the user
 * answered "no" to a confirmation: nothing was done, but nothing was interrupted either),
 * 130 cancelled (Ctrl-C or SIGTERM, at any point).
 */
export const exitCodes = {ok: 0, failed: 1, usage: 2, checksFailed: 3, declined: 4, cancelled: 130} as const;
