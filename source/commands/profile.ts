// `sparkify-dwh profile`: a streaming profile of the source before it is loaded.
// (Being written: see issue 3.)

import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';
import type {SourceArgs} from './source-arg.js';

export async function profileCommand(_args: SourceArgs, _ctx: Context, _frontEnd: FrontEnd, _signal: AbortSignal): Promise<number> {
	throw new UserError('profile is not available yet.', {code: 'usage'});
}
