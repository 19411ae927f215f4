// A load that replaces another asks first, with a plan that lists the source (core/front-end.ts,
// commands/warehouse.ts). The plan is handed over unmade, so that --yes in --json or in the app
// does not list the whole source once more before the load lists it: 385,000 song files in
// the bucket, a request per thousand of them on S3. Made, it is the load's plan.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {silent} from '../../source/core/events.js';
import {planFrom, type FrontEnd, type LazyPlan} from '../../source/core/front-end.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {runCommand} from '../support/command.js';
import {queryRows} from '../support/database.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {sampleData} from '../support/paths.js';
import {warehouseWithTables} from '../support/warehouse.js';

let url: string;
let ctx: Context;
let warehouse: Warehouse;

before(async () => {
	({url, ctx, warehouse} = await warehouseWithTables('replace_plan'));
	await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, silent, new AbortController().signal);
});
after(async () => warehouse?.close());

test('replacing a load hands the front end its plan unmade; made, it lists the source; declined, nothing changes', async () => {
	const plans: LazyPlan[] = [];
	const declining: FrontEnd = {
		...recordingFrontEnd(),
		confirm: async (_question, plan) => {
			plans.push(plan);
			return false;
		},
	};
	const songplays = async () => (await queryRows<{n: number}>(url, 'SELECT COUNT(*)::int AS n FROM songplays'))[0]!.n;
	const before_ = await songplays();
	const exit = await runCommand('etl', {databaseUrl: url, source: sampleData}, {ctx, frontEnd: declining, signal: new AbortController().signal});
	assert.equal(exit, 4, 'declined');
	assert.equal(plans.length, 1);
	assert.equal(typeof plans[0], 'function', 'the plan is made only if the front end shows it');
	const made = await planFrom(plans[0]!);
	assert.match(JSON.stringify(made.actions), /staging_songs.*71 files/);
	assert.equal(await songplays(), before_);
});
