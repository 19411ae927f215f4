// `sparkify-dwh analytics [question]`: named questions from sql/analytics/ (and the user's
// own folder) answered as tables, bar charts, CSV or JSON. (Being written: see issue 3.)

import type {Context} from '../core/context.js';
import {UserError} from '../core/errors.js';
import type {FrontEnd} from '../core/front-end.js';
import type {WarehouseArgs} from './target.js';

export type AnalyticsArgs = WarehouseArgs & {
	/** One question's name; all of them when absent. */
	readonly question: string | undefined;
	readonly csv: boolean;
	readonly json: boolean;
	/** A folder of the user's own .sql questions (default: <SPARKIFY_DWH_HOME>/analytics). */
	readonly questions: string | undefined;
	/** Where CSV goes (stdout in the CLI). */
	readonly write: (text: string) => void;
};

export async function analyticsCommand(_args: AnalyticsArgs, _ctx: Context, _frontEnd: FrontEnd, _signal: AbortSignal): Promise<number> {
	throw new UserError('analytics is not available yet.', {code: 'usage'});
}
