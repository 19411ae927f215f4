// Generated data plus one log file of events that each break one record rule the local
// loader enforces (record-rules.ts), beside valid events of the same users: for proofs that
// the Redshift path rejects what the local path rejects, and builds the same star from the
// rest. Every bad event is one COPY loads (only the missing ts is COPY's own rejection).

import fs from 'node:fs';
import path from 'node:path';
import {generateDataset} from '../../source/etl/generate.js';
import {makeTempDir} from './tmp.js';

const signal = new AbortController().signal;

/** Each bad event, the rule it breaks, as sql/redshift/rules/ names it (or COPY's, for ts). */
export const ruleBreakers: ReadonlyArray<{readonly rule: string; readonly change: Record<string, unknown>}> = [
	{rule: 'session_id:requiredWhen', change: {sessionId: undefined}},
	{rule: 'session_id:requiredWhen', change: {sessionId: null}},
	{rule: 'level:requiredWhen', change: {level: undefined}},
	{rule: 'level:requiredWhen', change: {level: ''}},
	{rule: 'level:oneOf', change: {level: 'gold'}},
	{rule: 'level:oneOf', change: {level: 'free '}},
	{rule: 'level:oneOf', change: {level: 'Paid', page: 'Home'}},
	{rule: 'user_id:user_id', change: {userId: '008'}},
	{rule: 'user_id:user_id', change: {userId: '8.0'}},
	{rule: 'user_id:user_id', change: {userId: ' 8'}},
	{rule: 'user_id:user_id', change: {userId: '+8'}},
	{rule: 'user_id:user_id', change: {userId: '-8'}},
	{rule: 'user_id:user_id', change: {userId: '2147483648'}},
	{rule: 'user_id:user_id', change: {userId: '9999999999'}},
	{rule: 'user_id:user_id', change: {userId: '00'}},
	{rule: 'ts:required', change: {ts: undefined}},
];

/** Rows COPY itself rejects among ruleBreakers (a NOT NULL column without a value). */
export const copyRejects = ruleBreakers.filter((breaker) => breaker.rule === 'ts:required').length;

export async function generatedWithRuleBreakers(): Promise<string> {
	const root = makeTempDir('agree-rules');
	await generateDataset({out: root, songs: 200, events: 3000, seed: 23, days: 3}, () => {}, signal);
	let ts = Date.parse('2018-11-07T10:00:00Z');
	let item = 0;
	const event = (change: Record<string, unknown>) => {
		const record: Record<string, unknown> = {
			artist: 'Rule Breaker',
			auth: 'Logged In',
			firstName: 'Eight',
			gender: 'F',
			itemInSession: item++,
			lastName: 'Valid',
			length: 200.5,
			level: 'paid',
			location: 'Austin, TX',
			method: 'PUT',
			page: 'NextSong',
			registration: 1540919166796.0,
			sessionId: 88888,
			song: 'Canonical',
			status: 200,
			ts: (ts += 1000),
			userAgent: 'Mozilla/5.0',
			userId: '8',
			...change,
		};
		for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
		return JSON.stringify(record);
	};
	// Valid events first and last, so users 8, 0 and 2147483647 exist: "008" must not become a second 8.
	const lines = [event({}), event({userId: '0'}), event({userId: '2147483647'}), ...ruleBreakers.map((breaker) => event(breaker.change)), event({level: 'free'})];
	const logs = path.join(root, 'log_data', '2018', '11');
	fs.mkdirSync(logs, {recursive: true});
	fs.writeFileSync(path.join(logs, '2018-11-07-rule-breakers.json'), lines.join('\n'));
	return root;
}
