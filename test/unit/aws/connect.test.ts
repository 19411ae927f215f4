import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {DescribeClustersCommand, GetClusterCredentialsCommand, RedshiftClient, type Cluster} from '@aws-sdk/client-redshift';
import {mockClient} from 'aws-sdk-client-mock';
import {awsClients} from '../../../source/aws/clients.js';
import {redshiftTarget} from '../../../source/aws/redshift-connect.js';
import {UserError} from '../../../source/core/errors.js';

const clients = () => awsClients({region: 'us-west-2', env: {}});
const ready: Cluster = {
	ClusterIdentifier: 'sparkify',
	ClusterStatus: 'available',
	PubliclyAccessible: true,
	DBName: 'dev',
	MasterUsername: 'sparkify',
	Endpoint: {Address: 'sparkify.abc.us-west-2.redshift.amazonaws.com', Port: 5439},
};

describe('connecting to Redshift', () => {
	const redshift = mockClient(RedshiftClient);
	afterEach(() => redshift.reset());

	test('TLS to the endpoint, keep-alive on, with a temporary password from GetClusterCredentials', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [ready]});
		redshift.on(GetClusterCredentialsCommand).resolves({DbUser: 'IAM:sparkify', DbPassword: 'temporary-secret', Expiration: new Date()});
		const target = await redshiftTarget({clients: clients(), clusterId: 'sparkify', probe: async () => true});
		assert.equal(target.kind, 'redshift');
		if (target.kind !== 'redshift') return;
		assert.equal(target.config.host, 'sparkify.abc.us-west-2.redshift.amazonaws.com');
		assert.equal(target.config.user, 'IAM:sparkify');
		assert.equal(target.config.keepAlive, true);
		assert.deepEqual(target.config.ssl, {rejectUnauthorized: true, servername: 'sparkify.abc.us-west-2.redshift.amazonaws.com'});
		assert.ok(!target.label.includes('temporary-secret'));
		assert.deepEqual(redshift.commandCalls(GetClusterCredentialsCommand)[0]!.args[0].input, {
			ClusterIdentifier: 'sparkify',
			DbUser: 'sparkify',
			DbName: 'dev',
			DurationSeconds: 3600,
			AutoCreate: false,
		});
	});

	const refuses = async (cluster: Cluster | undefined, code: string, probe = async () => true) => {
		redshift.reset();
		if (cluster) redshift.on(DescribeClustersCommand).resolves({Clusters: [cluster]});
		else redshift.on(DescribeClustersCommand).rejects(Object.assign(new Error('not found'), {name: 'ClusterNotFoundFault'}));
		await assert.rejects(
			redshiftTarget({clients: clients(), clusterId: 'sparkify', probe}),
			(error: unknown) => error instanceof UserError && error.code === code && Boolean(error.hint),
		);
		assert.equal(redshift.commandCalls(GetClusterCredentialsCommand).length, 0);
	};

	test('says what is wrong: missing, paused, private, still creating, port closed', async () => {
		await refuses(undefined, 'cluster_missing');
		await refuses({...ready, ClusterStatus: 'paused'}, 'cluster_paused');
		await refuses({...ready, PubliclyAccessible: false}, 'cluster_private');
		await refuses({...ready, ClusterStatus: 'creating', Endpoint: undefined}, 'cluster_not_ready');
		await refuses(ready, 'port_closed', async () => false);
	});

	test('refused credentials become one sentence', async () => {
		redshift.on(DescribeClustersCommand).resolves({Clusters: [ready]});
		redshift.on(GetClusterCredentialsCommand).rejects(Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized'), {name: 'AccessDeniedException'}));
		await assert.rejects(
			redshiftTarget({clients: clients(), clusterId: 'sparkify', probe: async () => true}),
			(error: unknown) => error instanceof UserError && /denied the request while getting a temporary database password/.test(error.message),
		);
	});
});
