// Where the repository and the real sample data are, seen from a test.

import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real Sparkify sample, kept in the repository as a test fixture (see its PROVENANCE.md). */
export const sampleData = path.join(repoRoot, 'test', 'fixtures', 'sparkify-sample');
export const cliEntry = path.join(repoRoot, 'bin', 'sparkify-dwh.js');
