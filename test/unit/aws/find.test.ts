import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {DescribeSecurityGroupsCommand, EC2Client} from '@aws-sdk/client-ec2';
import {GetRoleCommand, IAMClient} from '@aws-sdk/client-iam';
import {DescribeClustersCommand, RedshiftClient} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {findCluster, findGroupsById, findGroupsByName, findRole} from '../../../source/aws/find.js';
import {UserError} from '../../../source/core/errors.js';

const clients = () => awsClients({region: 'us-west-2', env: {}});
const named = (name: string) => Object.assign(new Error(`${name} said so`), {name});
const denied = (error: unknown) => error instanceof UserError && /denied the request while looking for/.test(error.message);

describe('the finders', () => {
	const redshift = mockClient(RedshiftClient);
	const iam = mockClient(IAMClient);
	const ec2 = mockClient(EC2Client);
	afterEach(() => {
		for (const mock of [redshift, iam, ec2]) mock.reset();
	});

	test('a cluster: found, not there, or a failure told in words', async () => {
		redshift.on(DescribeClustersCommand, {ClusterIdentifier: 'sparkify'}).resolves({Clusters: [{ClusterIdentifier: 'sparkify', ClusterStatus: 'available'}]});
		assert.equal((await findCluster(clients(), 'sparkify'))?.ClusterStatus, 'available');
		redshift.on(DescribeClustersCommand).rejects(named('ClusterNotFoundFault'));
		assert.equal(await findCluster(clients(), 'gone'), undefined);
		redshift.on(DescribeClustersCommand).rejects(named('AccessDenied'));
		await assert.rejects(findCluster(clients(), 'sparkify'), denied);
	});

	test("a role: found, not there (either spelling of IAM's answer), or a failure told in words", async () => {
		iam.on(GetRoleCommand).resolves({Role: {RoleName: 'r', Arn: 'arn:aws:iam::1:role/r', Path: '/', RoleId: 'id', CreateDate: new Date()}});
		assert.equal((await findRole(clients(), 'r'))?.Arn, 'arn:aws:iam::1:role/r');
		for (const name of ['NoSuchEntityException', 'NoSuchEntity']) {
			iam.on(GetRoleCommand).rejects(named(name));
			assert.equal(await findRole(clients(), 'r'), undefined, name);
		}
		iam.on(GetRoleCommand).rejects(named('AccessDenied'));
		await assert.rejects(findRole(clients(), 'r'), denied);
	});

	test('security groups by id (no ids asks nothing; one gone finds none) and by name (in one VPC or any)', async () => {
		assert.deepEqual(await findGroupsById(clients(), []), []);
		assert.equal(ec2.calls().length, 0);
		ec2.on(DescribeSecurityGroupsCommand).rejects(named('InvalidGroup.NotFound'));
		assert.deepEqual(await findGroupsById(clients(), ['sg-1']), []);
		ec2.on(DescribeSecurityGroupsCommand).resolves({SecurityGroups: [{GroupId: 'sg-1'}, {GroupId: 'sg-2'}]});
		assert.deepEqual(
			(await findGroupsByName(clients(), 'sparkify-access')).map((group) => group.GroupId),
			['sg-1', 'sg-2'],
		);
		await findGroupsByName(clients(), 'sparkify-access', 'vpc-1');
		const filters = ec2
			.commandCalls(DescribeSecurityGroupsCommand)
			.slice(-2)
			.map((call) => call.args[0].input.Filters?.map((filter) => filter.Name));
		assert.deepEqual(filters, [['group-name'], ['group-name', 'vpc-id']]);
		ec2.on(DescribeSecurityGroupsCommand).rejects(named('UnauthorizedOperation'));
		await assert.rejects(findGroupsByName(clients(), 'sparkify-access'), denied);
	});
});
