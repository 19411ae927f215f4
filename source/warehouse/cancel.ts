// Cancelling a statement that is running on the server. Closing our socket would leave the
// server working on; asking it, from a second connection, to cancel the backend stops the
// statement, and the open transaction then rolls back as a whole.

import type pg from 'pg';
import type {Warehouse} from './connection.js';

/** While `work` runs, an abort of `signal` cancels whatever `client` is executing. */
export async function cancellable<T>(warehouse: Warehouse, client: pg.Client, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
	const pid = (client as unknown as {processID?: number}).processID;
	const onAbort = () => {
		if (pid === undefined) return;
		void (async () => {
			const helper = await warehouse.connect().catch(() => undefined);
			if (!helper) return;
			try {
				await helper.query('SELECT pg_cancel_backend($1)', [pid]);
			} catch {
				// The statement may have finished meanwhile: nothing to cancel.
			} finally {
				await helper.end().catch(() => {});
			}
		})();
	};
	signal.addEventListener('abort', onAbort, {once: true});
	try {
		return await work();
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
