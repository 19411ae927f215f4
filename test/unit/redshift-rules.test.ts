// Every record rule the local loader enforces on events has its twin in the SQL that Redshift
// runs on staging (sql/redshift/rules/), named in one list (source/etl/redshift-rules.ts):
// a rule added to eventColumns without a twin, or a twin the SQL forgets, fails here.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {rejectedRecordOf, rulesStatement, stagedEventRules} from '../../source/etl/redshift-rules.js';
import {eventColumns} from '../../source/etl/records.js';
import type {FieldType} from '../../source/etl/record-rules.js';
import {redshiftPortableSql} from '../../source/warehouse/redshift-dialect.js';
import {sqlStatements} from '../../source/warehouse/sql-files.js';

/** Field types whose every failure Redshift's COPY itself rejects (a wrong type, out of range, not a number). */
const enforcedByCopy: ReadonlySet<FieldType> = new Set(['text', 'int', 'float', 'epoch_ms']);

/** The local loader's rules on events, as `<column>:<rule>`, derived from eventColumns alone. */
function localEventRules(): string[] {
	const rules: string[] = [];
	for (const spec of eventColumns) {
		if (spec.required) rules.push(`${spec.column}:required`);
		if (!enforcedByCopy.has(spec.type)) rules.push(`${spec.column}:${spec.type}`);
		for (const kind of Object.keys(spec.rule ?? {})) rules.push(`${spec.column}:${kind}`);
	}
	return rules;
}

const ruleFiles = [redshiftPortableSql.rulesCount, redshiftPortableSql.rulesRows, redshiftPortableSql.rulesDelete];
/** The rules' CASE, from the one file that holds it, white space folded. */
const theCase = () => {
	const [expression] = sqlStatements(redshiftPortableSql.rulesBrokenRule);
	assert.match(expression!, /^CASE\s[\s\S]*\bEND$/);
	return expression!.replace(/\s+/g, ' ');
};

test('every rule the local loader enforces on events has its SQL twin, and no twin is without a rule', () => {
	assert.deepEqual([...stagedEventRules].sort(), localEventRules().sort());
});

test('the SQL names exactly the listed rules, each once, in the order the local loader checks them', () => {
	const named = [...theCase().matchAll(/THEN '([^']+)'/g)].map((match) => match[1]);
	assert.deepEqual(named, [...stagedEventRules]);
	// Types before rules across fields, each group in column order, as records.ts checks them.
	const position = (rule: string) => eventColumns.findIndex((spec) => spec.column === rule.slice(0, rule.indexOf(':')));
	const typeRules = stagedEventRules.filter((rule) => /:(required|user_id)$/.test(rule));
	const fieldRules = stagedEventRules.filter((rule) => !typeRules.includes(rule));
	assert.deepEqual([...typeRules, ...fieldRules], [...stagedEventRules]);
	for (const group of [typeRules, fieldRules])
		assert.deepEqual(
			group.map(position),
			group.map(position).toSorted((a, b) => a - b),
		);
});

test('counting, reading and deleting take the one CASE, and write none of their own', () => {
	for (const file of ruleFiles) {
		assert.equal(sqlStatements(file).length, 1, file);
		assert.doesNotMatch(sqlStatements(file)[0]!, /\bCASE\b/, `${file} writes a CASE of its own`);
		const filled = rulesStatement(file);
		assert.ok(filled.replace(/\s+/g, ' ').includes(`(${theCase()})`), `${file} takes broken_rule.sql's CASE`);
		assert.doesNotMatch(filled, /:broken_rule/, file);
	}
	assert.match(rulesStatement(redshiftPortableSql.rulesDelete), /^DELETE FROM staging_events\s+WHERE \(CASE[\s\S]*END\) IS NOT NULL$/);
});

test('each oneOf rule lists exactly the local values, and compares byte lengths (Redshift ignores trailing spaces)', () => {
	const sql = theCase();
	for (const spec of eventColumns) {
		const values = spec.rule?.oneOf?.values;
		if (!values) continue;
		const list = values.map((value) => `'${value}'`).join(', ');
		const lengths = new Set(values.map((value) => Buffer.byteLength(value)));
		assert.equal(lengths.size, 1, 'one byte length for every allowed value keeps the test a single comparison');
		assert.ok(sql.includes(`${spec.column} IN (${list}) AND OCTET_LENGTH(${spec.column}) = ${[...lengths][0]}`), `${spec.column}: ${list}`);
	}
});

test('each requiredWhen rule tests the column the local rule names, against the same value', () => {
	const sql = theCase();
	for (const spec of eventColumns) {
		const when = spec.rule?.requiredWhen;
		if (!when) continue;
		assert.ok(sql.includes(`WHEN ${spec.column} IS NULL AND ${when.column} = '${when.equals}' THEN '${spec.column}:requiredWhen'`), spec.column);
	}
});

test("a rejected row is worded by the local rules, with the rule and the row's keys", () => {
	const ts = new Date('2018-11-07T10:00:01.000Z');
	const row = {ts, user_id: '008', session_id: 88, level: 'paid', page: 'NextSong'};
	const leading = rejectedRecordOf({...row, broken_rule: 'user_id:user_id'});
	assert.equal(leading.field, 'user_id');
	assert.match(leading.reason, /^should be a user id .*is string "008" \[rule user_id:user_id; staged row ts 2018-11-07T10:00:01\.000Z, user_id "008", session_id 88\]$/);
	assert.match(rejectedRecordOf({...row, user_id: '8', level: 'gold', broken_rule: 'level:oneOf'}).reason, /^is string "gold", not "free" or "paid"/);
	assert.match(rejectedRecordOf({...row, user_id: '8', session_id: null, broken_rule: 'session_id:requiredWhen'}).reason, /^is null on a NextSong event/);
	// A row the local rules accept, picked by the SQL, is a drift between the two: a bug.
	assert.throws(() => rejectedRecordOf({...row, user_id: '8', broken_rule: 'user_id:user_id'}), /disagree/);
	assert.throws(() => rejectedRecordOf({...row, user_id: '8', broken_rule: 'level:oneOf'}), /disagree/);
});
