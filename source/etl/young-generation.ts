// The load's memory is mostly V8's young generation, not data. V8 doubles the young
// generation each time the objects that survived its collections add up to its size, and in
// a long load of many small objects (thousands of song files: streams, promises, names, stats)
// they always do, until it reaches its maximum: 2 × 64 MiB in Node 24. At a million events the
// pipeline's peak RSS was 237-257 MB while the data held at once stayed under 40 MB of heap.
// The maximum is fixed when the process starts, but the growth factor is read at each growth:
// set to 1, the young generation keeps the size it has. Measured beside the old code on the
// bench's million events: peak RSS 171-181 MB, the load no slower (bench/bench.ts).

import v8 from 'node:v8';

let kept = false;

/** From now on the young generation of this process no longer grows (idempotent). */
export function keepYoungGenerationSmall(): void {
	if (kept) return;
	kept = true;
	v8.setFlagsFromString('--semi-space-growth-factor=1');
}
