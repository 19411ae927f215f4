// What the AWS commands act on: flags first, then AWS_PROFILE / AWS_REGION (what this shell
// means now), then what the settings remember; the role and group named after the cluster.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseCommandLine} from '../../../source/cli/args.js';
import {awsChoices} from '../../../source/commands/aws-choices.js';
import type {Settings} from '../../../source/config/settings.js';

const remembered: Settings = {
	schemaVersion: 1,
	steps: {},
	aws: {profile: 'old', region: 'eu-west-1', clusterId: 'beta', roleName: 'sparkify-dwh-s3-read', cidr: '198.51.100.23/32'},
};
/** What `command …flags` gives the AWS choices. */
function input(command: 'cluster' | 'network', ...flags: string[]) {
	const parsed = parseCommandLine([command, ...flags], {});
	assert.ok(parsed.command === command);
	return parsed.input;
}

test('AWS_PROFILE and AWS_REGION win over remembered ones; flags win over both', () => {
	const fromEnv = awsChoices(input('cluster'), remembered, {AWS_PROFILE: 'work', AWS_REGION: 'us-east-1'});
	assert.deepEqual([fromEnv.profile, fromEnv.region], ['work', 'us-east-1']);
	const fromFlags = awsChoices(input('cluster', '--profile', 'mine', '--region', 'us-west-2'), remembered, {AWS_PROFILE: 'work', AWS_REGION: 'us-east-1'});
	assert.deepEqual([fromFlags.profile, fromFlags.region], ['mine', 'us-west-2']);
	const fromSettings = awsChoices(input('cluster'), remembered, {});
	assert.deepEqual([fromSettings.profile, fromSettings.region], ['old', 'eu-west-1']);
});

test('the role and group are named after the cluster, never carried over from another one', () => {
	const beta = awsChoices(input('cluster'), remembered, {});
	assert.deepEqual([beta.clusterId, beta.roleName, beta.groupName], ['beta', 'beta-s3-read', 'beta-access']);
	const other = awsChoices(input('cluster', '--cluster-id', 'gamma'), remembered, {});
	assert.deepEqual([other.roleName, other.groupName], ['gamma-s3-read', 'gamma-access']);
});

test('a remembered CIDR is never reused: the public IP is looked up again', () => {
	assert.equal(awsChoices(input('cluster'), remembered, {}).cidr, undefined);
	assert.equal(awsChoices(input('network', '--cidr', '203.0.113.9/32'), remembered, {}).cidr, '203.0.113.9/32');
});
