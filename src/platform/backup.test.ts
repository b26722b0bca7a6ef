import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { seedDemo } from '../demo/index.ts';
import { describeEachDatabase, freshDatabase } from '../../test/support/db.ts';
import { recordAccess, verifyAccessLog } from './access-log.ts';
import { backup, fingerprint, restore } from './backup.ts';
import { FakeClock } from './clock.ts';

describeEachDatabase('backup and restore', (db, kind) => {
  test('a restored copy of the demo co-op is identical and its access log verifies', async () => {
    const source = db();
    const clock = new FakeClock();
    await seedDemo({ database: source, clock }, 'demo password 1');
    await source.db.transaction((tx) => recordAccess(tx, clock.now(), { actorId: null, recordType: 'profile-essentials', recordId: 'x', ownerId: null, reason: 'team member' }));
    const file = join(mkdtempSync(join(tmpdir(), 'cc-backup-')), 'copy.jsonl');
    const { rows } = await backup(source, file);
    assert.ok(rows > 50);
    const target = await freshDatabase(kind);
    try {
      await restore(target, file);
      assert.deepEqual(await fingerprint(target), await fingerprint(source));
      assert.equal(await verifyAccessLog(target), null);
      const before = await fingerprint(target);
      await assert.rejects(restore(target, file), /empty database/);
      assert.deepEqual(await fingerprint(target), before, 'a refused restore changes nothing');
    } finally {
      await target.close();
    }
  });
});
