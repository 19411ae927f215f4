// The load's memory is mostly V8's young generation, not data. V8 doubles the young
// generation each time the objects that survived its collections add up to its size, and in
// a long load of many small objects (thousands of song files: streams, promises, names, stats)
// they always do, until it reaches its maximum: 2 × 64 MiB in Node 24. At a million events the
// pipeline's peak RSS was 237-257 MB while the data held at once stayed under 40 MB of heap.
// The maximum is fixed when the process starts, but the growth factor is read at each growth:
// set to 1 once the young generation has 16 MiB, it grows no more. Measured on the bench's
// million events: peak RSS 153-181 MB (237-257 MB for the old code beside it), the load no
// slower (bench/bench.ts).

import v8 from 'node:v8';

/** Young generation this large (two semi-spaces) is let be; past it, it grows no more. */
const enoughBytes = 16 << 20;
let watching = false;

const youngBytes = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

/**
 * From now on the young generation of this process grows to 16 MiB at most (idempotent).
 * Not smaller: in a young generation of a megabyte, objects that live a few milliseconds
 * (a file's read) survive two collections and go to the old generation as garbage.
 */
export function keepYoungGenerationSmall(): void {
	if (watching) return;
	watching = true;
	const stopGrowing = () => v8.setFlagsFromString('--semi-space-growth-factor=1');
	if (youngBytes() >= enoughBytes) {
		stopGrowing();
		return;
	}
	const watch = setInterval(() => {
		if (youngBytes() < enoughBytes) return;
		stopGrowing();
		clearInterval(watch);
	}, 50);
	watch.unref();
}

/**
 * The old generation, too, is let grow only to twice what was live at its last full collection
 * (V8's own factor, dynamic, let it reach four times and more). At 385,000 song files each file's
 * short-lived objects that outlive the young generation pile up there: the heap reached 181 MB
 * between full collections that left 22 to 51 MB live, and the pipeline's peak RSS 297 to 305 MB.
 * With the factor at 2: 220 MB, and no slower (19.6 s against 21.2 s); at 1.5, 172 MB but 10%
 * slower. Read at each collection, so it holds from here on (idempotent).
 */
export function keepOldGenerationNearLive(): void {
	v8.setFlagsFromString('--heap-growing-percent=100');
}
