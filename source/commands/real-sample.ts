// The real Sparkify sample that comes with the tool: a byte-for-byte copy of the public
// Udacity data (test/fixtures/sparkify-sample, with its PROVENANCE.md), which the tests load
// too. The wizard offers it beside the generated sample, so a first run can see the real
// shape of the data without an AWS account. Its counts are the ones PROVENANCE.md gives.

import path from 'node:path';
import {projectRoot} from '../core/project-root.js';

export const realSample = {
	folder: path.join(projectRoot, 'test', 'fixtures', 'sparkify-sample'),
	songs: 71,
	events: 8056,
} as const;
