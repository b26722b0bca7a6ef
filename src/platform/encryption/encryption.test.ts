// Encryption at rest (ADR 0024): what the database holds of the care text, and what a reader gets back.
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/db.ts';
import { readMar } from '../../modules/care/medication/chart.ts';
import { addMedicine, recordDose } from '../../modules/care/medication/commands.ts';
import { amendNote, writeNote } from '../../modules/care/notes/commands.ts';
import { listNotes, readNote } from '../../modules/care/notes/read.ts';
import { careTeam } from '../../modules/care/records/test-support.ts';
import { raiseConcern, takeConcernStep } from '../../modules/concerns/commands.ts';
import { readConcern } from '../../modules/concerns/load.ts';
import { supportedTeam } from '../../modules/concerns/test-support.ts';
import { readProfile, saveProfile } from '../../modules/teams/profile.ts';
import { fingerprint } from '../backup.ts';
import { run } from '../context.ts';
import type { Database } from '../db.ts';
import { currentMasterKey, forgetDataKeys, SealBroken, useMasterKey } from './envelope.ts';
import { encryptExisting, plaintextCounts } from './existing.ts';
import { KeyProblem } from './master-key.ts';
import { rotateMasterKey } from './rotate.ts';

const WORDS = {
  note: 'Rose fed the ducks at Shibden Park and talked about her sister Edna.',
  amended: 'Rose fed the ducks at Shibden Park; her sister Edna rang at four.',
  reason: 'Edna rang later: corrected',
  medicine: 'Sertraline',
  dose: '50 mg, one tablet with breakfast',
  instructions: 'Swallow whole with water',
  doseNote: 'Said it tastes of chalk; taken with jam',
  essentials: 'Lasting power of attorney: Edna Whitworth, 07700 900123',
  health: 'Type 2 diabetes, checks her sugar before lunch',
  details: 'Bruising on the left forearm noticed at the morning visit',
  step: 'Spoke with the district nurse about the bruising',
};

/** Every table's rows as text: no care words may be in any of them, in any table. */
async function everyRowMentions(database: Database): Promise<string[]> {
  const all = Object.entries(await fingerprint(database)).flatMap(([table, rows]) => rows.map((r) => `${table}: ${r}`));
  return Object.values(WORDS).flatMap((w) => all.filter((r) => r.includes(w)).map((r) => `${w} in ${r.slice(0, 80)}`));
}

const single = async <T>(database: Database, text: string) => (await database.query<T>(text))[0] as T;

describeEachDatabase('encryption at rest', (db) => {
  test('notes, the MAR, profile sections and concerns are stored sealed and read back as written', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: WORDS.note });
    await run(deps, c.paid, amendNote, { noteId, text: WORDS.amended, reason: WORDS.reason });
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: WORDS.medicine, dose: WORDS.dose, instructions: WORDS.instructions, times: '08:00', startsOn: '2026-01-05' });
    await run(deps, c.paid, recordDose, { medicineId, dueAt: '2026-01-05T08:00:00.000Z', outcome: 'given', note: WORDS.doseNote });
    await run(deps, c.owner, saveProfile, { teamId: c.teamId, 'essentials.text': WORDS.essentials, 'essentials.visibility': 'team', 'health.text': WORDS.health, 'health.visibility': 'team' });
    const s = await supportedTeam(deps);
    const { concernId } = await run(deps, s.actors.member, raiseConcern, { teamId: s.teamId, summary: 'Bruising seen', details: WORDS.details });
    await run(deps, s.actors.lead, takeConcernStep, { concernId, step: 'ask-for-response', note: WORDS.step });

    assert.deepEqual(await everyRowMentions(t.database), [], 'no care words anywhere in the database');
    const version = await single<{ text: string; reason: string }>(t.database, `SELECT text, reason FROM care_note_versions WHERE note_id = '${noteId}' AND version = 2`);
    assert.match(version.text, /^v1:[0-9a-f-]{36}:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:/);
    assert.match(version.reason, /^v1:/);
    const keys = await t.database.query<{ scope: string; version: number; wrapped: string }>('SELECT scope, version, wrapped FROM data_keys ORDER BY scope');
    assert.deepEqual(keys.map((k) => k.scope).sort(), [c.teamId, s.teamId].sort(), 'one data key per team');
    assert.ok(keys.every((k) => k.version === 1 && !k.wrapped.includes(currentMasterKey()?.key.toString('hex') ?? 'x')));

    const note = await run(deps, c.owner, readNote, { noteId });
    assert.deepEqual(note.versions.map((v) => [v.text, v.reason]), [[WORDS.amended, WORDS.reason], [WORDS.note, '']]);
    const book = await listNotes(t.database.db, { actor: c.owner, now: t.clock.now() }, { teamId: c.teamId });
    assert.equal(book.notes[0]?.firstLine, WORDS.amended);
    const mar = await run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' });
    assert.deepEqual([mar.rows[0]?.medicine.name, mar.rows[0]?.medicine.dose, mar.rows[0]?.medicine.instructions, mar.rows[0]?.doses[0]?.note], [WORDS.medicine, WORDS.dose, WORDS.instructions, WORDS.doseNote]);
    const profile = await run(deps, c.paid, readProfile, { teamId: c.teamId, purpose: 'test' });
    assert.deepEqual(profile.sections.filter((x) => x.section.text).map((x) => x.section.text), [WORDS.health, WORDS.essentials]);
    const concern = await run(deps, s.actors.lead, readConcern, { concernId });
    assert.equal(concern.concern.details, WORDS.details);
    assert.deepEqual(concern.steps.map((x) => x.note), ['Bruising seen', WORDS.step]);
  });

  test('a changed ciphertext or data key is refused (GCM), never shown as other words', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: WORDS.medicine, dose: WORDS.dose, times: '08:00', startsOn: '2026-01-05' });
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: WORDS.note });
    const { name } = await single<{ name: string }>(t.database, `SELECT name FROM medicines WHERE id = '${medicineId}'`);
    const flip = (v: string, at: number) => `${v.slice(0, at)}${v[at] === 'A' ? 'B' : 'A'}${v.slice(at + 1)}`;
    // The first character of the ciphertext; then one of the tag.
    await t.database.query(`UPDATE medicines SET name = $1 WHERE id = $2`, [flip(name, name.lastIndexOf(':') + 1), medicineId]);
    await assert.rejects(run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' }), (e: unknown) => e instanceof SealBroken && /was altered/.test(e.message));
    const tagAt = name.split(':').slice(0, 3).join(':').length + 2;
    await t.database.query(`UPDATE medicines SET name = $1 WHERE id = $2`, [flip(name, tagAt), medicineId]);
    await assert.rejects(run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' }), SealBroken);
    await t.database.query(`UPDATE medicines SET name = $1 WHERE id = $2`, [name, medicineId]);
    assert.equal((await run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' })).rows[0]?.medicine.name, WORDS.medicine);

    // A wrapped data key changed in the database: no key, so no text, and the reason says so.
    const key = await single<{ id: string; wrapped: string }>(t.database, `SELECT id, wrapped FROM data_keys WHERE scope = '${c.teamId}'`);
    await t.database.query(`UPDATE data_keys SET wrapped = $1 WHERE id = $2`, [flip(key.wrapped, 3), key.id]);
    forgetDataKeys();
    await assert.rejects(run(deps, c.owner, readNote, { noteId }), (e: unknown) => e instanceof KeyProblem && /altered/.test(e.message));
    await t.database.query(`UPDATE data_keys SET wrapped = $1 WHERE id = $2`, [key.wrapped, key.id]);
    assert.equal((await run(deps, c.owner, readNote, { noteId })).versions[0]?.text, WORDS.note);
  });

  test('text stored before encryption reads as it is, and `keys encrypt` seals it once; the notes stay append-only', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: 'sealed from the start' });
    const { medicineId } = await run(deps, c.marHolder, addMedicine, { teamId: c.teamId, name: 'x', dose: 'y', times: '08:00', startsOn: '2026-01-05' });
    // As an older version (or a bulk loader) wrote them: in clear.
    await t.database.query(`INSERT INTO care_note_versions (note_id, version, text, reason, author_id, created_at) VALUES ($1, 2, $2, $3, $4, now())`, [noteId, WORDS.amended, WORDS.reason, c.paid.personId]);
    await t.database.query(`UPDATE care_notes SET latest_version = 2 WHERE id = $1`, [noteId]);
    await t.database.query(`UPDATE medicines SET name = $1, dose = $2 WHERE id = $3`, [WORDS.medicine, WORDS.dose, medicineId]);
    await t.database.query(`INSERT INTO support_profiles (team_id, sections, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())`, [c.teamId, JSON.stringify({ essentials: { text: WORDS.essentials, visibility: 'team', chosen: [] } }), c.owner.personId]);
    const before = await plaintextCounts(t.database.db);
    assert.deepEqual(Object.entries(before).filter(([, n]) => n > 0), [['care_note_versions.text', 1], ['care_note_versions.reason', 1], ['medicines.name', 1], ['medicines.dose', 1], ['support_profiles.sections', 1]]);
    assert.equal((await run(deps, c.owner, readNote, { noteId })).versions[0]?.text, WORDS.amended, 'clear text still reads');

    const done = await encryptExisting(t.database);
    assert.equal(Object.values(done).reduce((a, b) => a + b, 0), 5);
    assert.deepEqual(Object.values(await plaintextCounts(t.database.db)).filter((n) => n > 0), []);
    assert.deepEqual(await everyRowMentions(t.database), []);
    assert.deepEqual(await encryptExisting(t.database), {}, 'a second run finds nothing');
    const note = await run(deps, c.owner, readNote, { noteId });
    assert.deepEqual(note.versions.map((v) => v.text), [WORDS.amended, 'sealed from the start']);
    assert.equal((await run(deps, c.paid, readMar, { teamId: c.teamId, date: '2026-01-05' })).rows[0]?.medicine.name, WORDS.medicine);
    assert.equal((await run(deps, c.paid, readProfile, { teamId: c.teamId, purpose: 'test' })).sections.find((x) => x.key === 'essentials')?.section.text, WORDS.essentials);
    await assert.rejects(t.database.query(`UPDATE care_note_versions SET text = 'x' WHERE note_id = $1`, [noteId]), /append-only|not allowed|refuse|never/i);
  });

  test('a rotation re-wraps the data keys: everything reads with the new key and nothing with the old; new data keys seal what comes next', async () => {
    const t = await testApp(db());
    const deps = { database: t.database, clock: t.clock };
    const c = await careTeam(deps);
    const { noteId } = await run(deps, c.paid, writeNote, { teamId: c.teamId, text: WORDS.note });
    const stored = await single<{ text: string }>(t.database, `SELECT text FROM care_note_versions WHERE note_id = '${noteId}'`);
    const old = currentMasterKey();
    assert.ok(old);
    const dir = mkdtempSync(join(tmpdir(), 'cc-keys-'));
    // The suite's database also holds the earlier tests' teams: every one of their keys is re-wrapped.
    const held = await single<{ n: number; scopes: number }>(t.database, 'SELECT count(*)::int AS n, count(DISTINCT scope)::int AS scopes FROM data_keys');
    try {
      const r = await rotateMasterKey(t.database, { dataDir: dir }, old, t.clock.now(), true);
      assert.equal(r.rewrapped, held.n);
      assert.equal(r.newVersions, held.scopes);
      assert.equal(statSync(r.keyFile).mode & 0o777, 0o600);
      assert.notEqual(r.newKeyId, old.id);
      const after = await single<{ text: string }>(t.database, `SELECT text FROM care_note_versions WHERE note_id = '${noteId}'`);
      assert.equal(after.text, stored.text, 'the note itself was not rewritten');
      assert.equal((await run(deps, c.owner, readNote, { noteId })).versions[0]?.text, WORDS.note);
      await run(deps, c.paid, amendNote, { noteId, text: WORDS.amended, reason: WORDS.reason });
      const keys = await t.database.query<{ id: string; version: number; master_key_id: string }>(`SELECT id, version, master_key_id FROM data_keys WHERE scope = '${c.teamId}' ORDER BY version`);
      assert.deepEqual(keys.map((k) => [k.version, k.master_key_id]), [[1, r.newKeyId], [2, r.newKeyId]]);
      const v2 = await single<{ text: string }>(t.database, `SELECT text FROM care_note_versions WHERE note_id = '${noteId}' AND version = 2`);
      assert.ok(v2.text.startsWith(`v1:${keys[1]?.id}:`), 'what is written after the rotation uses the new data key');
      assert.deepEqual((await run(deps, c.owner, readNote, { noteId })).versions.map((v) => v.text), [WORDS.amended, WORDS.note]);

      const rotated = currentMasterKey();
      useMasterKey(old);
      await assert.rejects(run(deps, c.owner, readNote, { noteId }), (e: unknown) => e instanceof KeyProblem && e.message.includes(r.newKeyId));
      useMasterKey(rotated);
      await assert.rejects(rotateMasterKey(t.database, { dataDir: dir, dataKey: 'x'.repeat(64) }, rotated as never, t.clock.now(), false), /DATA_KEY/);
    } finally {
      useMasterKey(old);
    }
  });
});
