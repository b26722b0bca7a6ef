// The builder's statements prepared once per connection (statement-cache.ts, ADR 0034): on
// PostgreSQL a statement the query builder sends twice is parsed once and run from its prepared
// form; raw text and BEGIN/COMMIT are not kept; a connection keeps at most MAX_NAMED texts; a
// statement PostgreSQL refuses leaves the connection as usable as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, inArray, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/db.ts';
import { people } from '../modules/people/schema.ts';
import { type Database, openDatabase } from './db.ts';
import { MAX_NAMED, statementName } from './statement-cache.ts';

const ID = '00000000-0000-4000-8000-000000000001';

describeEachDatabase('the statement cache', (db, kind) => {
  if (kind !== 'postgres') {
    test('PGlite runs the builder statements as before (one connection in process, nothing to prepare)', async () => {
      assert.deepEqual(await db().db.select({ id: people.id }).from(people).where(eq(people.id, ID)), []);
    });
    return;
  }

  /** One connection, so pg_prepared_statements (per session) shows that connection's statements. */
  const withOneConnection = async (fn: (one: Database) => Promise<void>) => {
    const one = await openDatabase({ databaseUrl: (db() as Database & { url: string }).url, poolSize: 1 });
    try {
      await fn(one);
    } finally {
      await one.close();
    }
  };
  const prepared = async (one: Database) =>
    one.query<{ name: string; statement: string; generic_plans: string; custom_plans: string }>('SELECT name, statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements');

  test("a builder statement is prepared once under its text's name and run from it after", async () => {
    await withOneConnection(async (one) => {
      for (let i = 0; i < 7; i++) await one.db.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, ID));
      await one.db.transaction(async (tx) => {
        await tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, ID));
      });
      const mine = (await prepared(one)).filter((p) => /from "people" where "people"."id" = \$1/i.test(p.statement));
      assert.equal(mine.length, 1, 'one prepared statement for the one text');
      const [row] = mine;
      assert.equal(row?.name, statementName(row?.statement as string));
      assert.equal(Number(row?.generic_plans) + Number(row?.custom_plans), 8, 'all eight runs, in and out of a transaction, from the one prepared statement');
      assert.ok(!(await prepared(one)).some((p) => /^\s*(begin|commit)/i.test(p.statement)), 'BEGIN and COMMIT are not kept');
      await one.query('SELECT 1 AS raw_text');
      assert.ok(!(await prepared(one)).some((p) => p.statement.includes('raw_text')), 'raw text through Database.query is not kept');
    });
  });

  test(`a connection keeps at most ${MAX_NAMED} texts, and runs the rest unnamed`, async () => {
    await withOneConnection(async (one) => {
      // Lists of 1 to MAX_NAMED + 20 ids: as many different texts (`IN ($1, ..., $n)`).
      for (let n = 1; n <= MAX_NAMED + 20; n++) {
        const ids = Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
        assert.deepEqual(await one.db.select({ id: people.id }).from(people).where(inArray(people.id, ids)), []);
      }
      const kept = (await prepared(one)).filter((p) => p.name.startsWith('s_'));
      assert.ok(kept.length <= MAX_NAMED, `${kept.length} kept`);
      assert.ok(kept.length >= MAX_NAMED - 5, `the first texts are kept: ${kept.length}`);
    });
  });

  test('a statement PostgreSQL refuses leaves the connection usable, and the same text refused again', async () => {
    await withOneConnection(async (one) => {
      const bad = () => one.db.execute(sql`SELECT no_such_column FROM people WHERE id = ${ID}`);
      await assert.rejects(bad, /no_such_column/);
      await assert.rejects(bad, /no_such_column/, 'the same text again: refused for what it is, not "already exists"');
      assert.deepEqual(await one.db.select({ id: people.id }).from(people).where(eq(people.id, ID)), []);
      await one.db.transaction(async (tx) => {
        await assert.rejects(tx.execute(sql`SELECT no_such_column FROM people WHERE id = ${ID}`));
      }).catch(() => {});
      assert.deepEqual(await one.db.select({ id: people.id }).from(people).where(eq(people.id, ID)), [], 'after a refused statement in a transaction too');
    });
  });
});
