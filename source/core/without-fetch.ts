// Ink's layout engine (Yoga) is WebAssembly inlined as a data: URL; Emscripten's loader
// fetches it with `fetch` when one exists, and in Node the first touch of `fetch` loads the
// whole HTTP client (undici) — a fifth of the time to the first frame. With `fetch` hidden
// while Ink loads, the loader decodes the bytes itself. `fetch` is put back untouched
// (still lazy) as soon as the import is done.

export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
