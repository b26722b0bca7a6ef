// Hot statements as named prepared statements (ADR 0023): the same rows as the query builder's,
// in the database or in a transaction, counted once each; and on PostgreSQL, prepared once per
// connection with its plan kept (pg_prepared_statements), not planned again on every request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/db.ts';
import { createPerson } from '../modules/people/commands/create-person.ts';
import { people } from '../modules/people/schema.ts';
import { FakeClock } from './clock.ts';
import { run } from './context.ts';
import { type Database, openDatabase } from './db.ts';
import { preparedStatement } from './prepared.ts';
import { countStatements } from './statements.ts';

const personById = preparedStatement('test_person_by_id', (db) =>
  db.select({ id: people.id, name: people.name, createdAt: people.createdAt }).from(people).where(eq(people.id, sql.placeholder('id'))));

describeEachDatabase('prepared statements', (db, kind) => {
  test('the rows the query builder gives, typed as it types them, in the database and in a transaction', async () => {
    const database = db();
    const deps = { database, clock: new FakeClock() };
    const { personId } = await run(deps, null, createPerson, { email: `p-${kind}@example.org`, name: 'Prue Prepared', password: 'a long enough password' });
    const built = await database.db.select({ id: people.id, name: people.name, createdAt: people.createdAt }).from(people).where(eq(people.id, personId));
    const { result, statements } = await countStatements(() => personById(database.db, { id: personId }));
    assert.deepEqual(result, built);
    assert.ok(result[0]?.createdAt instanceof Date);
    assert.equal(statements.length, 1);
    const inTx = await database.db.transaction((tx) => personById(tx, { id: personId }));
    assert.deepEqual(inTx, built);
    assert.deepEqual(await personById(database.db, { id: '00000000-0000-4000-8000-000000000000' }), []);
    assert.throws(() => preparedStatement('test_person_by_id', (d) => d.select().from(people)), /used twice/);
  });

  if (kind === 'postgres') {
    test('PostgreSQL prepares it once per connection and reuses its plan', async () => {
      // One connection, so pg_prepared_statements (which is per session) shows that connection's.
      const one: Database = await openDatabase({ databaseUrl: (db() as Database & { url: string }).url, poolSize: 1 });
      try {
        const [person] = await one.db.select({ id: people.id }).from(people).limit(1);
        for (let i = 0; i < 8; i++) await personById(one.db, { id: person?.id as string });
        const [row] = await one.query<{ statement: string; generic_plans: string; custom_plans: string }>(
          "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'test_person_by_id'",
        );
        assert.ok(row, 'prepared under its name');
        assert.match(row.statement, /where "people"."id" = \$1/i);
        // Executed 8 times from one PREPARE: after five custom plans PostgreSQL settles on the generic one.
        assert.equal(Number(row.generic_plans) + Number(row.custom_plans), 8);
        assert.ok(Number(row.generic_plans) > 0, `generic plans ${row.generic_plans}, custom ${row.custom_plans}`);
      } finally {
        await one.close();
      }
    });
  }
});
