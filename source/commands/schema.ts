// `sparkify-dwh schema [--write]`: the star schema as a Mermaid ER diagram generated from the
// DDL in sql/, printed, or written into the README. (Being written: see issue 3.)

import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';

export type SchemaArgs = {
	/** Rewrite the diagram in the README instead of printing it. */
	readonly write: boolean;
	/** The README to rewrite (default: the project's own). */
	readonly readme?: string;
};

export async function schemaCommand(_args: SchemaArgs, _ctx: Context, _frontEnd: FrontEnd, _signal: AbortSignal): Promise<number> {
	throw new UserError('schema is not available yet.', {code: 'usage'});
}
