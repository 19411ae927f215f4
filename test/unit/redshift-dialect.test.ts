// The SQL only Redshift runs is named in one place (source/warehouse/redshift-dialect.ts),
// and the rest of the Redshift load is kept to the subset PostgreSQL runs too, which is what
// lets the agreement test run it on PostgreSQL. These checks keep that list honest.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {repairMojibake} from '../../source/etl/mojibake.js';
import {eventColumns} from '../../source/etl/records.js';
import {repairsOf} from '../../source/etl/redshift-repair.js';
import {redshiftOnlySql, redshiftPortableSql} from '../../source/warehouse/redshift-dialect.js';
import {readSql, sqlRoot, sqlStatements} from '../../source/warehouse/sql-files.js';

const redshiftFiles = (fs.readdirSync(path.join(sqlRoot, 'redshift'), {recursive: true}) as string[])
	.filter((name) => name.endsWith('.sql'))
	.map((name) => path.posix.join('redshift', name.split(path.sep).join('/')))
	.sort();

// What PostgreSQL does not run, as it would appear in our files; and TRUNCATE, which Redshift
// commits at once (the portable files empty tables with DELETE instead).
const redshiftOnlySyntax = /IDENTITY\(|DISTSTYLE|DISTKEY|SORTKEY|IAM_ROLE|\bCOPY\b|\bsys_\w+|\bstl_\w+|\bstv_\w+|SYSDATE|GETDATE|\bLEN\(|TRUNCATE/i;
const withoutComments = (file: string) => sqlStatements(file).join(';\n');

test('every file under sql/redshift/ is named either Redshift-only or portable, never both', () => {
	const only = redshiftOnlySql.map((entry) => entry.file);
	const portable = Object.values(redshiftPortableSql);
	assert.deepEqual([...only, ...portable].sort(), redshiftFiles);
	assert.equal(new Set([...only, ...portable]).size, only.length + portable.length);
});

test('each Redshift-only file really uses the Redshift feature it is listed for', () => {
	for (const {file, pattern} of redshiftOnlySql) assert.match(withoutComments(file), pattern, file);
});

test('the portable files use no Redshift-only syntax', () => {
	for (const file of Object.values(redshiftPortableSql)) assert.doesNotMatch(withoutComments(file), redshiftOnlySyntax, file);
	for (const file of fs.readdirSync(path.join(sqlRoot, 'transform'))) assert.doesNotMatch(withoutComments(`transform/${file}`), redshiftOnlySyntax, file);
});

test('the repair reads, counts and updates exactly the fields the local loader repairs', () => {
	const repaired = eventColumns
		.filter((spec) => spec.repair)
		.map((spec) => spec.column)
		.sort();
	const columnsIn = (file: string, pattern: RegExp) => [...new Set([...withoutComments(file).matchAll(pattern)].map((match) => match[1]!))].sort();
	assert.deepEqual(columnsIn(redshiftPortableSql.repairCandidates, /OCTET_LENGTH\((\w+)\)/g), repaired);
	assert.deepEqual(columnsIn(redshiftPortableSql.repairTally, /ON \w+\.raw = e\.(\w+)/g), repaired);
	assert.deepEqual(columnsIn(redshiftPortableSql.repairApply, /SET (\w+) = r\.repaired/g), repaired);
	assert.match(readSql(redshiftPortableSql.repairApply), /DROP TABLE name_repairs/);
});

test('every comparison with the mapping also compares byte lengths (Redshift ignores trailing spaces in VARCHAR equality)', () => {
	const updates = sqlStatements(redshiftPortableSql.repairApply).filter((sql) => sql.startsWith('UPDATE'));
	assert.equal(updates.length, 5);
	for (const sql of updates) assert.match(sql, /WHERE staging_events\.(\w+) = r\.raw AND OCTET_LENGTH\(staging_events\.\1\) - OCTET_LENGTH\(r\.raw\) = 0$/);
	const joins = [...withoutComments(redshiftPortableSql.repairTally).matchAll(/LEFT JOIN name_repairs (\w) ON .*/g)].map((match) => match[0]);
	assert.equal(joins.length, 5);
	for (const join of joins) assert.match(join, /ON (\w)\.raw = e\.(\w+) AND OCTET_LENGTH\(\1\.raw\) - OCTET_LENGTH\(e\.\2\) = 0$/);
	assert.match(withoutComments(redshiftPortableSql.repairCandidates), /SELECT artist AS value, OCTET_LENGTH\(artist\) AS bytes/);
});

test('only values the rule changes go into the mapping, each with its repair', () => {
	const values = ['BjÃƒÂ¶rk', 'Björk', 'GÃ©nÃ©ration', 'Café del Mar', 'Ã', 'plain', 'Donâ€™t'];
	const pairs = repairsOf(values);
	assert.deepEqual(pairs, [
		['BjÃƒÂ¶rk', 'Björk'],
		['GÃ©nÃ©ration', 'Génération'],
		['Donâ€™t', 'Don’t'],
	]);
	for (const [raw, repaired] of pairs) {
		assert.equal(repaired, repairMojibake(raw));
		// The temporary table's VARCHAR(512) holds the raw value, so it holds the repair too.
		assert.ok(Buffer.byteLength(repaired) <= Buffer.byteLength(raw));
	}
});
