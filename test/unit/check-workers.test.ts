// The quality checks' two passes run side by side, each on its own connection; PostgreSQL's
// parallel workers get only the cores those two leave free: on the two cores of this machine
// (and CI's), the joins pass with two workers beside the tables pass was the slower way.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parallelWorkersPerPass} from '../../source/steps/check.js';

test('parallel workers per check pass: the cores left by the passes side by side, shared between them', () => {
	assert.equal(parallelWorkersPerPass(1, 2), 0);
	assert.equal(parallelWorkersPerPass(2, 2), 0, 'two passes on two cores: no workers beside them');
	assert.equal(parallelWorkersPerPass(3, 2), 0);
	assert.equal(parallelWorkersPerPass(4, 2), 1);
	assert.equal(parallelWorkersPerPass(8, 2), 3);
	assert.equal(parallelWorkersPerPass(8, 1), 7);
});
