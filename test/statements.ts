/**
 * Counting the statements the application sends to PostgreSQL: every round trip of a
 * node-postgres client (BEGIN and COMMIT included) while `work` runs. The tests of set-based
 * reads and of the light save use it: what a page or a save costs, whatever the data.
 */
import pg from "pg";

export interface Counted<T> {
  result: T;
  /** How many statements were sent. */
  count: number;
  /** Their text, for a failing test to show. */
  statements: string[];
}

export async function countStatements<T>(work: () => Promise<T>): Promise<Counted<T>> {
  const statements: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    statements.push(typeof q === "string" ? q : (q?.text ?? String(q)));
    return original.apply(this, args);
  };
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    proto.query = original;
  }
}
