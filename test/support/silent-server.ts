// Endpoints that misbehave, for the "nothing hangs" tests: a TCP server that accepts every
// connection and never answers a byte, and a port that nothing listens on.

import net from 'node:net';
import {freePort} from './moto.js';

export type SilentServer = {readonly url: string; connections: number; close(): Promise<void>};

export async function silentServer(): Promise<SilentServer> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		state.connections++;
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const state: SilentServer = {
		url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		connections: 0,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
	return state;
}

/** A URL on a port that refuses connections (free a moment ago, nothing listens now). */
export async function closedPortUrl(): Promise<string> {
	return `http://127.0.0.1:${await freePort()}`;
}
