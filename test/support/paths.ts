// Where the repository and the shared sample data are, seen from a test.

import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real Sparkify sample beside the checkout (../shared/data/sparkify-sample). */
export const sampleData = path.resolve(repoRoot, '..', 'shared', 'data', 'sparkify-sample');
export const cliEntry = path.join(repoRoot, 'bin', 'sparkify-dwh.js');
