// The cluster after it is made, against moto_server: connect (with and without a temporary
// password, which reaches stdout once and never the log or the settings), pause and resume
// (each twice: the second says "already"), `status` showing the state and the running cost,
// a resize offered with its plan and cost (declined: nothing changes; agreed: the new size),
// and a cluster someone else made refused by every one of them.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {CreateClusterCommand, DescribeClustersCommand} from '@aws-sdk/client-redshift';
import {awsClients} from '../../source/aws/clients.js';
import {openSettings} from '../../source/config/settings.js';
import {UserError} from '../../source/core/errors.js';
import {openLogFile} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import type {Plan} from '../../source/core/step.js';
import {planFrom, type FrontEnd, type LazyPlan} from '../../source/core/front-end.js';
import {jsonFrontEnd} from '../../source/headless/json-front-end.js';
import {runCommandLine} from '../support/command.js';
import {recordingFrontEnd, type RecordingFrontEnd} from '../support/front-end.js';
import {startMoto, type Moto} from '../support/moto.js';
import {makeTempDir} from '../support/tmp.js';

describe('connect, pause, resume and resize (moto)', () => {
	let moto: Moto;
	let home: string;
	const signal = new AbortController().signal;
	before(async () => {
		moto = await startMoto();
		home = makeTempDir('aws-moto-state');
	});
	after(() => moto?.stop());

	const paths = () => homePaths({SPARKIFY_DWH_HOME: home});
	const log = () => openLogFile(paths().logs);
	const run = async (argv: string[], frontEnd: FrontEnd = recordingFrontEnd(), options: {json?: boolean} = {}) => {
		const written: string[] = [];
		const code = await runCommandLine(argv, {
			ctx: {paths: paths(), log: log(), env: moto.env},
			frontEnd,
			signal,
			write: (text) => void written.push(text),
			json: options.json ?? false,
		});
		const recorded = frontEnd as RecordingFrontEnd;
		return {code, written: written.join(''), outcome: recorded.outcomes?.at(-1), events: recorded.events ?? []};
	};
	const logText = () =>
		fs
			.readdirSync(paths().logs)
			.map((name) => fs.readFileSync(path.join(paths().logs, name), 'utf8'))
			.join('');
	const described = async (id = 'sparkify-dwh') =>
		(await awsClients({region: 'us-west-2', env: moto.env}).redshift.send(new DescribeClustersCommand({ClusterIdentifier: id}))).Clusters![0]!;
	const messages = (events: RecordingFrontEnd['events']) => events.flatMap((event) => (event.type === 'log' ? [event.message] : []));

	test('a cluster of 1 × ra3.large to work with', async () => {
		const {code} = await run(['cluster', '--node-type', 'ra3.large', '--nodes', '1', '--yes']);
		assert.equal(code, 0);
	});

	test('connect: the endpoint, database and user, a psql line with verify-full, and how to get a password; no password', async () => {
		const {code, outcome, written} = await run(['connect']);
		assert.equal(code, 0);
		const text = outcome!.summary.join('\n');
		const cluster = await described();
		assert.match(text, new RegExp(`^endpoint: ${cluster.Endpoint!.Address!.replace(/\./g, '\\.')}:5439$`, 'm'));
		assert.match(text, /^database: dev$/m);
		assert.match(text, /^user: IAM:sparkify /m);
		assert.match(text, /^psql: psql "host=\S+ port=5439 dbname=dev user=IAM:sparkify sslmode=verify-full sslrootcert=system"$/m);
		assert.match(text, /sslrootcert=system needs psql 16 or newer/);
		assert.match(text, /aws redshift get-cluster-credentials --cluster-identifier sparkify-dwh --db-user sparkify --db-name dev --duration-seconds 3600 --region us-west-2/);
		assert.equal(outcome!.data.password, undefined);
		assert.equal(written, '');
	});

	test('connect --print-password: one temporary password, once on stdout; never in the log, the summary or the settings', async () => {
		const {code, outcome, written} = await run(['connect', '--print-password']);
		assert.equal(code, 0);
		const password = written.trim();
		assert.match(password, /^\S{8,}$/);
		assert.equal(written, `${password}\n`, 'the password alone, once');
		assert.equal(outcome!.data.user, 'IAM:sparkify');
		assert.ok(!outcome!.summary.join('\n').includes(password));
		assert.match(outcome!.summary.at(-1)!, /valid until \d\d:\d\d UTC \(printed once below/);
		assert.ok(!logText().includes(password), 'not in the log');
		assert.ok(!fs.readFileSync(openSettings(paths()).path, 'utf8').includes(password), 'not in the settings');

		const lines: string[] = [];
		const out = {write: (text: string) => lines.push(text)} as unknown as NodeJS.WritableStream;
		assert.equal((await run(['connect', '--json'], jsonFrontEnd({yes: false, streamEvents: true, out}), {json: true})).code, 0);
		assert.equal(JSON.parse(lines.at(-1)!).password, undefined, '--json has no password without the flag');
		const withFlag = await run(['connect', '--json', '--print-password'], jsonFrontEnd({yes: false, streamEvents: true, out}), {json: true});
		const result = JSON.parse(lines.at(-1)!);
		assert.match(result.password, /^\S{8,}$/, '--json --print-password has it in the result');
		assert.equal(withFlag.written, '', 'and nothing else on stdout');
		assert.ok(!logText().includes(result.password));
	});

	test('pause, then pause again: paused, then "already paused"; status says paused and that no compute is billed', async () => {
		const first = await run(['pause']);
		assert.equal(first.code, 0);
		assert.equal(first.outcome!.data.already, false);
		assert.match(first.outcome!.summary[0]!, /^paused: sparkify-dwh, after /);
		assert.ok(
			messages(first.events).some((message) => /^sparkify-dwh: paused after /.test(message)),
			messages(first.events).join('\n'),
		);
		assert.equal((await described()).ClusterStatus, 'paused');

		const again = await run(['pause']);
		assert.equal(again.code, 0);
		assert.equal(again.outcome!.data.already, true);
		assert.match(again.outcome!.summary[0]!, /^already paused: sparkify-dwh$/);

		const status = await run(['status']);
		assert.equal(status.outcome!.data.cluster, 'paused');
		assert.match(status.outcome!.summary.join('\n'), /cluster sparkify-dwh in us-west-2: paused\n {2}paused: no compute is billed while it is paused/);
		assert.ok(openSettings(paths()).get().aws?.pausedAt, 'when it was paused, for the cost so far');
	});

	test('resume, then resume again: available, then "already available"; status shows the running time and cost', async () => {
		const first = await run(['resume']);
		assert.equal(first.code, 0);
		assert.match(first.outcome!.summary.join('\n'), /^available again: sparkify-dwh, after .*\nbilled: about \$0\.543 per hour \(1 × ra3\.large\)/);
		assert.equal((await described()).ClusterStatus, 'available');
		const again = await run(['resume']);
		assert.equal(again.outcome!.data.already, true);

		const status = await run(['status']);
		const text = status.outcome!.summary.join('\n');
		assert.match(text, /running for \d+ min, since it was resumed/);
		assert.match(text, /cost so far: about \$0\.\d\d \(1 × ra3\.large at \$0\.543 per node-hour; an estimate/);
		assert.equal((status.outcome!.data.clusterCost as {sinceWhat: string}).sinceWhat, 'resumed');
	});

	test('cluster with another size: a plan with the new cost; declined, nothing changes; agreed, it is resized', async () => {
		const plans: Plan[] = [];
		const questions: string[] = [];
		const declining = {
			...recordingFrontEnd({confirm: false}),
			confirm: async (question: string, plan: LazyPlan) => {
				questions.push(question);
				plans.push(await planFrom(plan));
				return false;
			},
		};
		const declined = await run(['cluster', '--node-type', 'ra3.large', '--nodes', '2'], declining);
		assert.equal(declined.code, 4);
		assert.match(declined.outcome!.summary[0]!, /^Nothing was changed: sparkify-dwh stays 1 × ra3\.large\.$/);
		assert.equal(questions[0], 'Resize the cluster sparkify-dwh from 1 × ra3.large to 2 × ra3.large? It is then billed about $1.086 per hour (now $0.543).');
		assert.equal(plans[0]!.costPerHour, 1.086);
		assert.deepEqual(
			plans[0]!.actions.map((action) => `${action.action} ${action.resource}: ${action.detail}`),
			['modify Redshift cluster sparkify-dwh: 1 × ra3.large → 2 × ra3.large by elastic resize: the data stays, the cluster is briefly unavailable'],
		);
		assert.equal((await described()).NumberOfNodes, 1, 'declined: still one node');

		const agreed = await run(['cluster', '--node-type', 'ra3.large', '--nodes', '2', '--yes']);
		assert.equal(agreed.code, 0, JSON.stringify(agreed.outcome));
		const text = agreed.outcome!.summary.join('\n');
		assert.match(text, /^already there: sparkify-dwh \(2 × ra3\.large\)/);
		assert.match(text, /^resized: from 1 × ra3\.large in /m);
		assert.match(text, /billed: about \$1\.086 per hour/);
		assert.ok(messages(agreed.events).some((message) => /does not implement ResizeCluster; asking ModifyCluster/.test(message)));
		assert.equal((await described()).NumberOfNodes, 2);
		assert.deepEqual([openSettings(paths()).get().aws?.nodeType, openSettings(paths()).get().aws?.nodes], ['ra3.large', 2]);
	});

	test('a cluster someone else made: connect, pause, resume and resize all refuse it', async () => {
		await awsClients({region: 'us-west-2', env: moto.env}).redshift.send(
			new CreateClusterCommand({ClusterIdentifier: 'other', NodeType: 'ra3.large', ClusterType: 'single-node', MasterUsername: 'admin', MasterUserPassword: 'Password123'}),
		);
		const notOurs = (error: unknown) => error instanceof UserError && error.code === 'cluster_not_ours';
		for (const argv of [['connect', '--print-password'], ['pause'], ['resume'], ['cluster', '--node-type', 'ra3.large', '--nodes', '2', '--yes']]) {
			await assert.rejects(run([...argv, '--cluster-id', 'other']), notOurs, argv.join(' '));
		}
		const other = await described('other');
		assert.deepEqual([other.ClusterStatus, other.NumberOfNodes], ['available', 1]);
	});
});
