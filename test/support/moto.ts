// A real AWS emulator for the AWS tests: moto_server (moto 5, in the machine image and on CI)
// started on a free port in its own process group, waited for until it answers, reset between
// tests, and stopped — group and all — when the file's tests end. Only fake credentials ever
// reach it: the environment it hands the tool holds "testing" keys, never the caller's own.

import {spawn, type ChildProcess} from 'node:child_process';
import net from 'node:net';

export type Moto = {
	/** http://127.0.0.1:<port> */
	readonly url: string;
	/** The environment the tool runs with against this emulator (fake keys, endpoint, region). */
	readonly env: NodeJS.ProcessEnv;
	/** Forgets every resource (POST /moto-api/reset). */
	reset(): Promise<void>;
	stop(): Promise<void>;
};

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Keys moto accepts; nothing else, so a test can never act with real credentials. */
export const fakeAwsEnv = {
	AWS_ACCESS_KEY_ID: 'testing',
	AWS_SECRET_ACCESS_KEY: 'testing',
	AWS_REGION: 'us-west-2',
} as const;

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/moto-api/`, {signal: AbortSignal.timeout(1000)});
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false;
	}
}

/** Starts moto_server; `extraEnv` is the server's own (e.g. INITIAL_NO_AUTH_ACTION_COUNT). */
export async function startMoto(extraEnv: NodeJS.ProcessEnv = {}): Promise<Moto> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// Its own process group (detached), so stopping it ends werkzeug's children too.
	const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
		detached: true,
		stdio: ['ignore', 'ignore', 'pipe'],
		env: {...process.env, ...fakeAwsEnv, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', ...extraEnv},
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.pid) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				// Already gone.
			}
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
			if (child.exitCode === null) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
		}
	};
	const deadline = Date.now() + 60_000;
	while (!(await answers(url))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`moto_server did not start on ${url}:\n${stderr}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		url,
		env: {...fakeAwsEnv, AWS_ENDPOINT_URL: url},
		async reset() {
			const response = await fetch(`${url}/moto-api/reset`, {method: 'POST'});
			await response.arrayBuffer();
		},
		stop,
	};
}
