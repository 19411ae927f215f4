// The AWS commands (credentials, sizing, role, cluster, network, teardown, status).
// (Being wired: see issue 4.)

import type {ParsedCommandLine} from '../cli/args.js';
import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';

const awsCommandNames = ['credentials', 'sizing', 'role', 'cluster', 'network', 'teardown', 'status'] as const;
export type AwsCommandName = (typeof awsCommandNames)[number];

export function isAwsCommand(name: string): name is AwsCommandName {
	return (awsCommandNames as readonly string[]).includes(name);
}

export async function awsCommand(name: AwsCommandName, _values: ParsedCommandLine['values'], _ctx: Context, _frontEnd: FrontEnd, _signal: AbortSignal): Promise<number> {
	throw new UserError(`The ${name} command is not available yet.`, {code: 'usage'});
}
