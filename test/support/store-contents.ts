import { createClient } from '@keyv/redis';
import Libsql from 'libsql';
import pg from 'pg';

/**
 * Everything a redis-server holds — every key and every value, read per type (a DUMP would compress
 * long strings, hiding them from a search) — as one text, for tests that look for what must never be
 * stored (keys, tokens).
 */
export async function redisContents(url: string): Promise<string> {
  const client = createClient({ url });
  await client.connect();
  try {
    const parts: string[] = [];
    for await (const keys of client.scanIterator({ COUNT: 100 })) {
      for (const key of keys) {
        parts.push(key);
        const type = await client.type(key);
        if (type === 'string') parts.push(String(await client.get(key)));
        else if (type === 'stream') parts.push(JSON.stringify(await client.xRange(key, '-', '+')));
        else if (type === 'hash') parts.push(JSON.stringify(await client.hGetAll(key)));
        else if (type === 'list') parts.push(JSON.stringify(await client.lRange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await client.sMembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await client.zRange(key, 0, -1)));
        else parts.push(`(${type})`);
      }
    }
    return parts.join('\n');
  } finally {
    await client.close();
  }
}

/** Every row of every table in a Postgres database's public schema, as text (see redisContents). */
export async function postgresContents(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      parts.push(name);
      const { rows } = await client.query<{ row: string }>(
        `SELECT t::text AS row FROM public.${client.escapeIdentifier(name)} t`,
      );
      for (const { row } of rows) parts.push(row);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** The keys of Lantern's SQLite store (`namespace:key`), read without writing to the file. */
export function sqliteKeys(file: string): string[] {
  const db = new Libsql(file, { readonly: true });
  try {
    return (db.prepare('SELECT key FROM keyv ORDER BY key').all() as { key: string }[]).map((row) => row.key);
  } finally {
    db.close();
  }
}
