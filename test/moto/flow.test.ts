// The whole headless AWS path against moto_server, an emulator nobody here wrote: every step
// twice (the second run must find what the first made and change nothing), then the public
// IP changing under `network`, then teardown twice. The public IP comes from a local echo
// server (SPARKIFY_DWH_PUBLIC_IP_URL), since the tests must not depend on the internet.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {after, before, describe, test} from 'node:test';
import {DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand} from '@aws-sdk/client-ec2';
import {GetRoleCommand} from '@aws-sdk/client-iam';
import {DescribeClustersCommand} from '@aws-sdk/client-redshift';
import {awsClients} from '../../source/aws/clients.js';
import type {CommandName} from '../../source/commands/registry.js';
import {runAws} from '../support/command.js';
import {UserError} from '../../source/core/errors.js';
import type {FrontEnd} from '../../source/core/front-end.js';
import {jsonFrontEnd} from '../../source/headless/json-front-end.js';
import {openSettings} from '../../source/config/settings.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {ipEcho, type EchoServer} from '../support/ip-echo.js';
import {startMoto, type Moto} from '../support/moto.js';
import {makeTempDir} from '../support/tmp.js';

describe('the AWS path against moto', () => {
	let moto: Moto;
	let echo: EchoServer;
	let home: string;
	let env: NodeJS.ProcessEnv;
	const signal = new AbortController().signal;

	before(async () => {
		// One after the other: when moto_server cannot start, the echo server is already known to
		// after(), which closes it; started together, it was left open and the run never ended.
		echo = await ipEcho('198.51.100.23');
		moto = await startMoto();
		home = makeTempDir('aws-moto-flow');
		env = {...moto.env, SPARKIFY_DWH_PUBLIC_IP_URL: echo.url};
	});
	after(async () => {
		await Promise.all([moto?.stop(), echo?.close()]);
	});

	const run = async (command: CommandName, argv: string[] = [], frontEnd: FrontEnd & {outcomes?: unknown[]} = recordingFrontEnd()) => {
		const ctx = {paths: homePaths({SPARKIFY_DWH_HOME: home}), log: noLog, env};
		const code = await runAws([command, ...argv], ctx, frontEnd, signal);
		const recorded = frontEnd as ReturnType<typeof recordingFrontEnd>;
		return {code, outcome: (recorded.outcomes ?? []).at(-1)!, events: recorded.events ?? []};
	};
	const clients = () => awsClients({region: 'us-west-2', env});
	const inboundCidrs = async (groupId: string) =>
		((await clients().ec2.send(new DescribeSecurityGroupRulesCommand({Filters: [{Name: 'group-id', Values: [groupId]}]}))).SecurityGroupRules ?? [])
			.filter((rule) => !rule.IsEgress)
			.map((rule) => rule.CidrIpv4)
			.sort();

	test("credentials, twice: the emulator's identity", async () => {
		for (let time = 0; time < 2; time++) {
			const {code, outcome} = await run('credentials');
			assert.equal(code, 0);
			assert.match(String(outcome.data.arn), /^arn:aws:(sts|iam)::123456789012:/);
		}
	});

	test('sizing, twice: moto cannot list node types, so the dated table is used and says so', async () => {
		for (let time = 0; time < 2; time++) {
			const {code, outcome, events} = await run('sizing', ['--node-type', 'ra3.large', '--nodes', '1']);
			assert.equal(code, 0);
			assert.equal(outcome.data.offersSource, 'table');
			assert.match(outcome.summary[0]!, /^Node types from the table of/);
			assert.ok(events.some((event) => event.type === 'log' && /cannot list the node types/.test(event.message)));
		}
	});

	test('role, twice: made once, tagged with its cluster, then found again', async () => {
		const first = await run('role');
		const second = await run('role');
		assert.deepEqual([first.code, first.outcome.data.created, second.code, second.outcome.data.created], [0, true, 0, false]);
		const {Role} = await clients().iam.send(new GetRoleCommand({RoleName: 'sparkify-dwh-s3-read'}));
		assert.deepEqual(Role?.Tags?.map((tag) => `${tag.Key}=${tag.Value}`).sort(), ['managed-by=sparkify-dwh', 'sparkify-dwh:cluster=sparkify-dwh']);
	});

	test('cluster, twice: created without waiting for a port nothing has opened yet, then picked up', async () => {
		const first = await run('cluster', ['--yes']);
		assert.equal(first.code, 0, JSON.stringify(first.outcome));
		assert.equal(first.outcome.data.created, true);
		const second = await run('cluster', ['--yes']);
		assert.equal(second.code, 0);
		assert.equal(second.outcome.data.created, false);
		assert.ok(second.events.some((event) => event.type === 'log' && /already available/.test(event.message)));
		const {Clusters} = await clients().redshift.send(new DescribeClustersCommand({ClusterIdentifier: 'sparkify-dwh'}));
		assert.equal(Clusters?.length, 1);
		const groupId = Clusters![0]!.VpcSecurityGroups?.[0]?.VpcSecurityGroupId;
		assert.equal(groupId, first.outcome.data.securityGroupId);
		assert.deepEqual(await inboundCidrs(groupId!), [], 'no inbound rule before `network`');
	});

	test('network, twice: one /32 for this machine; when the IP changes, the new rule replaces the old', async () => {
		const first = await run('network');
		const second = await run('network');
		assert.deepEqual([first.code, first.outcome.data.created, second.code, second.outcome.data.created], [0, true, 0, false]);
		const groupId = String(first.outcome.data.groupId);
		assert.deepEqual(await inboundCidrs(groupId), ['198.51.100.23/32']);
		// The emulated cluster's host name resolves nowhere: said, not failed.
		assert.equal(first.outcome.data.reachable, 'unknown');

		echo.ip = '203.0.113.9';
		const moved = await run('network');
		assert.equal(moved.code, 0);
		assert.deepEqual(moved.outcome.data.removed, ['198.51.100.23/32']);
		assert.deepEqual(await inboundCidrs(groupId), ['203.0.113.9/32']);
	});

	test("status: the cluster as AWS reports it; the settings name this cluster's things and hold no secret", async () => {
		const {code, outcome} = await run('status');
		assert.equal(code, 0);
		assert.equal(outcome.data.cluster, 'available');
		const store = openSettings(homePaths({SPARKIFY_DWH_HOME: home}));
		const aws = store.get().aws!;
		assert.deepEqual([aws.clusterId, aws.roleName, aws.nodeType, aws.nodes, aws.cidr], ['sparkify-dwh', 'sparkify-dwh-s3-read', 'ra3.large', 1, '203.0.113.9/32']);
		assert.doesNotMatch(fs.readFileSync(store.path, 'utf8'), /password|secret|testing/i);
	});

	test('teardown without a terminal: --yes is not consent, a wrong name is refused, nothing is deleted', async () => {
		const out = {write: () => true} as unknown as NodeJS.WritableStream;
		await assert.rejects(
			run('teardown', ['--yes'], jsonFrontEnd({yes: true, streamEvents: true, out})),
			(error: unknown) => error instanceof UserError && error.code === 'confirmation_required' && /--confirm sparkify-dwh/.test(error.hint ?? ''),
		);
		await assert.rejects(
			run('teardown', ['--confirm', 'other'], jsonFrontEnd({yes: true, streamEvents: true, out})),
			(error: unknown) => error instanceof UserError && error.code === 'confirmation_mismatch',
		);
		const {Clusters} = await clients().redshift.send(new DescribeClustersCommand({ClusterIdentifier: 'sparkify-dwh'}));
		assert.equal(Clusters?.[0]?.ClusterStatus, 'available');
	});

	test('teardown, twice: exactly the cluster, its group and its role; then nothing is left', async () => {
		const store = openSettings(homePaths({SPARKIFY_DWH_HOME: home}));
		for (const step of ['credentials', 'role', 'cluster', 'network']) store.recordStep(step, 'done');
		const first = await run('teardown', ['--confirm', 'sparkify-dwh']);
		assert.equal(first.code, 0, JSON.stringify(first.outcome));
		const deleted = (first.outcome.data.deleted as string[]).map((name) => name.replace(/ \(sg-\w+\)/, ''));
		assert.deepEqual(deleted, ['Redshift cluster sparkify-dwh', 'security group sparkify-dwh-access', 'IAM role sparkify-dwh-s3-read']);
		const second = await run('teardown', ['--confirm', 'sparkify-dwh']);
		assert.equal(second.code, 0);
		assert.deepEqual(second.outcome.data.deleted, []);
		assert.deepEqual(second.outcome.data.leftAlone, []);
		const {SecurityGroups} = await clients().ec2.send(new DescribeSecurityGroupsCommand({Filters: [{Name: 'group-name', Values: ['sparkify-dwh-access']}]}));
		assert.deepEqual(SecurityGroups, []);
		const settings = openSettings(homePaths({SPARKIFY_DWH_HOME: home})).get();
		assert.equal(settings.aws?.roleArn, undefined);
		assert.equal(settings.aws?.securityGroupId, undefined);
		assert.deepEqual(Object.keys(settings.steps).sort(), ['credentials'], 'the menu no longer shows role, cluster and port as done');
	});
});
