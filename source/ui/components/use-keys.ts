// Keys for the app's inputs, every one of them, in order, even when several arrive at once.
//
// Why not Ink's useInput alone: when keys arrive together (type-ahead while the program is
// busy, tmux send-keys, a fast typist over ssh) Ink calls the handler once per key, one after
// another, without drawing in between, so a handler that reads its state from the last render
// sees the same index for every key ("Down Down Down" moved one row, "Down Enter" chose the
// row it started on). And ordinary characters stay together in one string ("jj", "12",
// "us-east-1\r"). Here each key is decoded (keys.ts), state is read from `useLatest` (always
// the newest, not the last drawn), and a key that ends a question (Enter on a list, Escape)
// holds the rest of its burst back for the screen that follows, instead of the finished one
// taking them too.

import type {EventEmitter} from 'node:events';
import {useStdin} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {decodeKeys, pasteKey, type Key} from './keys.js';

/** What a handler says about a key: `'done'` when it answered the question (the keys after it wait for the next screen). */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that answers nothing simply returns
export type KeyResult = 'done' | void;
export type KeyHandler = (key: Key) => KeyResult;

export type UseKeysOptions = {
	readonly isActive?: boolean;
	/** Receives pasted text as one `paste` key (and turns the terminal's bracketed paste on). */
	readonly paste?: boolean;
	/** Takes keys typed ahead of it, sent in the same burst as the answer before (default true). */
	readonly typeAhead?: boolean;
};

type Subscriber = {
	readonly handle: (key: Key) => KeyResult;
	readonly typeAhead: boolean;
	/** It answered its question: keys wait for the screen that follows (or for it to be drawn again). */
	finished: boolean;
};

type InkStdin = ReturnType<typeof useStdin> & {
	readonly internal_eventEmitter?: EventEmitter;
	readonly setBracketedPasteMode?: (isEnabled: boolean) => void;
};

/**
 * How long a key waits for a screen to take it, and how long an input that answered but stays
 * on screen undrawn waits before it takes keys again. The next screen is usually drawn within
 * a few ms; a busy machine has taken over half a second.
 */
const typeAheadMs = 1000;

/** One per Ink instance: the keys go to every active input in the order they were typed. */
class KeyRouter {
	private readonly subscribers: Subscriber[] = [];
	/** Keys that came while every input had answered (or none listened), with when they came. */
	private held: Array<{readonly key: Key; readonly at: number}> = [];
	private pasteUsers = 0;
	private readonly onInput = (data: string) => this.receive(decodeKeys(data));
	private readonly onPaste = (text: string) => this.receive([pasteKey(text)]);

	constructor(private readonly emitter: EventEmitter) {}

	subscribe(subscriber: Subscriber, paste: boolean): () => void {
		if (this.subscribers.length === 0) this.emitter.on('input', this.onInput);
		if (paste && this.pasteUsers++ === 0) this.emitter.on('paste', this.onPaste);
		this.subscribers.push(subscriber);
		// A screen that has just appeared takes the keys typed after the answer that opened it.
		this.releaseSoon();
		return () => {
			this.subscribers.splice(this.subscribers.indexOf(subscriber), 1);
			if (paste && --this.pasteUsers === 0) this.emitter.off('paste', this.onPaste);
			if (this.subscribers.length === 0) this.emitter.off('input', this.onInput);
		};
	}

	/** An input was drawn again: if it had answered, it is asking again. */
	drawn(subscriber: Subscriber) {
		if (!subscriber.finished) return;
		subscriber.finished = false;
		this.releaseSoon();
	}

	private takers() {
		return this.subscribers.filter((subscriber) => !subscriber.finished);
	}

	private receive(keys: readonly Key[]) {
		if (this.held.length > 0 && this.takers().length > 0) this.release();
		const now = Date.now();
		for (const key of keys) {
			if (key.ctrl && key.text === 'c') continue; // Ctrl-C is the app's own.
			const takers = this.takers();
			if (this.held.length > 0 || takers.length === 0) {
				if (this.held.length === 0) this.expireLater();
				this.held.push({key, at: now});
				waiting.add(this);
				continue;
			}
			for (const subscriber of takers) if (subscriber.handle(key) === 'done') this.finish(subscriber);
		}
	}

	private finish(subscriber: Subscriber) {
		subscriber.finished = true;
		// Still on screen and never drawn again: after a while it is asking again after all.
		setTimeout(() => {
			if (!subscriber.finished) return;
			subscriber.finished = false;
			this.release();
		}, typeAheadMs).unref?.();
	}

	/** Keys no screen took in time are dropped (typed while nothing asked). */
	private expireLater() {
		setTimeout(() => {
			this.held = this.held.filter(({at}) => Date.now() - at <= typeAheadMs);
			if (this.held.length > 0) this.expireLater();
			else waiting.delete(this);
		}, typeAheadMs + 10).unref?.();
	}

	// After the commit that mounted or redrew an input: every effect of that commit has run.
	private releaseSoon() {
		if (this.held.length > 0) queueMicrotask(() => this.release());
	}

	private release() {
		const takers = this.takers();
		if (this.held.length === 0 || takers.length === 0) return;
		const fresh = this.held.filter(({at}) => Date.now() - at <= typeAheadMs).map(({key}) => key);
		this.held = [];
		waiting.delete(this);
		// A question that must be read before it is answered takes no keys typed ahead of it.
		if (takers.some((subscriber) => !subscriber.typeAhead)) return;
		this.receive(fresh);
	}
}

const routers = new WeakMap<EventEmitter, KeyRouter>();
/** The routers holding keys now. */
const waiting = new Set<KeyRouter>();

/** Whether keys are waiting for a screen to take them (tests wait for none before they look). */
export const keysWaiting = () => waiting.size > 0;

function routerFor(emitter: EventEmitter): KeyRouter {
	let router = routers.get(emitter);
	if (!router) routers.set(emitter, (router = new KeyRouter(emitter)));
	return router;
}

/** Calls `handler` with each key while active; the handler reads its state from `useLatest`. */
export function useKeys(handler: KeyHandler, {isActive = true, paste = false, typeAhead = true}: UseKeysOptions = {}): void {
	const stdin = useStdin() as InkStdin;
	const emitter = stdin.internal_eventEmitter;
	if (!emitter) throw new Error('ink no longer passes its input emitter to components; source/ui/components/use-keys.ts needs updating');
	const latest = useRef(handler);
	latest.current = handler;
	const subscription = useRef<Subscriber | undefined>(undefined);
	const {setRawMode, setBracketedPasteMode} = stdin;
	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
		if (paste) setBracketedPasteMode?.(true);
		const subscriber: Subscriber = {handle: (key) => latest.current(key), typeAhead, finished: false};
		subscription.current = subscriber;
		const unsubscribe = routerFor(emitter).subscribe(subscriber, paste);
		return () => {
			unsubscribe();
			subscription.current = undefined;
			if (paste) setBracketedPasteMode?.(false);
			setRawMode(false);
		};
	}, [isActive, paste, typeAhead, emitter, setRawMode, setBracketedPasteMode]);
	// A question that stays mounted but changed (the same field, new props) takes held keys too.
	useEffect(() => {
		if (subscription.current) routerFor(emitter).drawn(subscription.current);
	});
}

/**
 * State that key handlers can read back at once: `set` returns the new value and `ref.current`
 * holds it before React draws it, so the second of two keys in one burst starts where the
 * first one left off.
 */
export function useLatest<State>(initial: State | (() => State)): readonly [State, {readonly current: State}, (next: State | ((current: State) => State)) => State] {
	const [state, setState] = useState(initial);
	const ref = useRef(state);
	const set = useCallback((next: State | ((current: State) => State)) => {
		const value = typeof next === 'function' ? (next as (current: State) => State)(ref.current) : next;
		ref.current = value;
		setState(value);
		return value;
	}, []);
	return [state, ref, set] as const;
}
