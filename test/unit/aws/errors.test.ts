// AWS and network failures as one sentence and what to do; what is not one stays a bug.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {translateAwsError} from '../../../source/aws/errors.js';
import {CancelledError, UserError} from '../../../source/core/errors.js';

const failure = (name: string, fields: object = {}, message = name) => Object.assign(new Error(message), {name, ...fields});
const translated = (error: unknown) => translateAwsError(error, 'checking the credentials');

test('throttling is "wait and run again"', () => {
	const error = translated(failure('ThrottlingException', {}, 'Rate exceeded'));
	assert.ok(error instanceof UserError);
	assert.equal(error.code, 'aws_ThrottlingException');
	assert.match(error.hint!, /Wait a minute/);
});

test('network failures name the host, and a region host that does not resolve names the region', () => {
	const region = translated(failure('Error', {code: 'ENOTFOUND', hostname: 'sts.us-west-99.amazonaws.com'}));
	assert.ok(region instanceof UserError && region.code === 'aws_unreachable');
	assert.match(region.message, /offline, or there is no region us-west-99\.$/);
	const host = translated(failure('Error', {code: 'EAI_AGAIN', hostname: 'moto.internal'}));
	assert.ok(host instanceof UserError && /Could not find the host moto\.internal/.test(host.message) && /AWS_ENDPOINT_URL/.test(host.hint!));
	const reset = translated(failure('Error', {code: 'ECONNRESET'}));
	assert.ok(reset instanceof UserError && reset.code === 'aws_silent');
});

test('a cancelled request is a cancellation, not a failure; an unknown error stays as it is (a bug)', () => {
	assert.ok(translated(failure('AbortError', {}, 'Request aborted')) instanceof CancelledError);
	const strange = new TypeError('undefined is not a function');
	assert.equal(translated(strange), strange);
});

test('a missing profile is named', () => {
	const error = translated(failure('CredentialsProviderError', {}, 'Could not resolve credentials using profile: [nosuch] in configuration/credentials file(s).'));
	assert.ok(error instanceof UserError && error.code === 'aws_no_profile');
	assert.match(error.message, /no AWS profile "nosuch"/);
});
