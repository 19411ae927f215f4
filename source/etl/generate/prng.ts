// A small seeded random number generator (sfc32, seeded through splitmix32), so that a
// seed always gives byte-identical data on every machine and Node version.

export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	chance(probability: number): boolean;
	pick<T>(items: readonly T[]): T;
};

function splitmix32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x9e3779b9) >>> 0;
		let z = state;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
		return (z ^ (z >>> 16)) >>> 0;
	};
}

export function seededRandom(seed: number): Random {
	const seeder = splitmix32(seed);
	let a = seeder();
	let b = seeder();
	let c = seeder();
	let d = seeder();
	const next = () => {
		const t = (((a + b) >>> 0) + d) >>> 0;
		d = (d + 1) >>> 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) >>> 0;
		c = ((c << 21) | (c >>> 11)) >>> 0;
		c = (c + t) >>> 0;
		return t / 4294967296;
	};
	for (let warm = 0; warm < 12; warm++) next();
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (probability) => next() < probability,
		pick: (items) => items[Math.floor(next() * items.length)]!,
	};
}

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few items
 * very often, most rarely — how plays spread over songs and activity over users.
 */
export function zipfSampler(n: number, exponent: number, random: Random): () => number {
	const cumulative = new Float64Array(n);
	let total = 0;
	for (let rank = 0; rank < n; rank++) {
		total += 1 / (rank + 1) ** exponent;
		cumulative[rank] = total;
	}
	return () => {
		const target = random.next() * total;
		let low = 0;
		let high = n - 1;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (cumulative[middle]! < target) low = middle + 1;
			else high = middle;
		}
		return low;
	};
}
