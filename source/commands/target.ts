// Which warehouse a command works on, and the exit codes every command shares.

import {UserError} from '../core/errors.js';
import type {WarehouseTarget} from '../warehouse/connection.js';

export type WarehouseArgs = {
	readonly target: string;
	readonly databaseUrl: string | undefined;
	readonly source: string | undefined;
	readonly maxErrors: number;
	readonly recreate: boolean;
};

/** Exit codes: 0 ok, 1 failed, 2 bad usage, 3 quality checks failed, 130 cancelled. */
export const exitCodes = {ok: 0, failed: 1, usage: 2, checksFailed: 3, cancelled: 130} as const;

export function warehouseTarget(args: WarehouseArgs): WarehouseTarget {
	if (args.databaseUrl) return {kind: 'url', url: args.databaseUrl};
	switch (args.target) {
		case 'local':
			return {kind: 'local'};
		case 'postgres':
			throw new UserError('--target postgres needs --database-url postgres://user:password@host:port/database.', {code: 'usage'});
		case 'redshift':
			throw new UserError('The Redshift target is set up with the AWS steps (credentials, sizing, role, cluster, network).', {
				hint: 'Until a cluster is ready, use --target local.',
				code: 'usage',
			});
		default:
			throw new UserError(`Unknown --target "${args.target}".`, {hint: 'Use --target local, or --database-url for any PostgreSQL.', code: 'usage'});
	}
}
