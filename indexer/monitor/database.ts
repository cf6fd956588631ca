/**
 * The database Ponder writes, opened for reading: PostgreSQL when DATABASE_URL (or `url`) is set, else the embedded
 * PGlite folder (one process at a time: stop the indexer first, as aml:report does after catching up).
 */
import type { Query } from "./load";

type Client = { query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };

export type OpenDatabase = {
  query: Query;
  /** Run `body` in a transaction on one connection, then roll it back whatever happened (for tampering tests). */
  rolledBack<T>(body: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  label: string;
};

export async function openDatabase(options: { pglite?: string; url?: string }): Promise<OpenDatabase> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    // pg comes with Ponder (its PostgreSQL driver); no types of its own here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool } = require("pg") as {
      Pool: new (o: { connectionString: string; max: number }) => Client & {
        connect(): Promise<Client & { release(): void }>;
        end(): Promise<void>;
      };
    };
    const pool = new Pool({ connectionString: url, max: 2 });
    return {
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      async rolledBack(body) {
        const client = await pool.connect();
        try {
          await client.query("begin");
          return await body(async (sql, params) => (await client.query(sql, params)).rows);
        } finally {
          await client.query("rollback");
          client.release();
        }
      },
      close: () => pool.end(),
      label: `PostgreSQL (${url.replace(/\/\/[^@/]*@/, "//")})`,
    };
  }
  if (!options.pglite) throw new Error("no database: give a PGlite folder or set DATABASE_URL");
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(options.pglite);
  return {
    query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
    async rolledBack(body) {
      await db.exec("begin"); // PGlite has one connection: the transaction is the database's
      try {
        return await body(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
      } finally {
        await db.exec("rollback");
      }
    },
    close: () => db.close(),
    label: `PGlite (${options.pglite})`,
  };
}
