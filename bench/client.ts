// One connection for one piece of bench work, closed whatever happens: shared by the bench's scripts.

import pg from 'pg';

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}
