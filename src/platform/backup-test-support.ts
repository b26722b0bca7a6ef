import { confirmCareLog } from '../modules/care/logs/commands.ts';
import { logTeam, volunteerLog } from '../modules/care/logs/test-support.ts';
import { writeNote } from '../modules/care/notes/commands.ts';
import { recordAccess } from './access-log.ts';
import { Tally } from './backup-file.ts';
import type { FakeClock } from './clock.ts';
import { run } from './context.ts';
import type { Database } from './db.ts';

/**
 * Give a backup's lines a new trailer that matches them, as a backup would have written it:
 * for tests that need a file which passes every check of the file yet holds rows the database
 * refuses, or rows in another order. A hand-made trailer proves nothing about the data.
 */
export function reseal(lines: string[]): string {
  const body = lines.filter((l) => l && !l.startsWith('{"end":'));
  const tally = new Tally();
  body.forEach((line, i) => {
    if (i === 0) tally.other(line, 'header');
    else if (line.startsWith('{"r":')) tally.row(line);
    else if (line.startsWith('{"table":')) tally.table((JSON.parse(line) as { table: string }).table, line);
    else if (line.startsWith('{"sequence":')) tally.other(line, 'sequence');
    else tally.other(line, 'checkpoint');
  });
  return `${[...body, JSON.stringify(tally.trailer())].join('\n')}\n`;
}

/** Words of a care note that no refusal, however it happens, may ever print. */
export const SECRET_NOTE = 'Olu told us about the bruise on her left arm; the GP is to see it on Tuesday.';

/**
 * A co-op with something in every audit chain: a team with care logs (one confirmed, so the
 * ledger has a transfer), a care note whose words are SECRET_NOTE, and reads in the access log.
 */
export async function auditedCoop(deps: { database: Database; clock: FakeClock }, logs = 4) {
  const team = await logTeam(deps);
  const logIds: string[] = [];
  for (let i = 0; i < logs; i++) logIds.push(await volunteerLog(deps, team, i));
  await run(deps, team.actors.owner, confirmCareLog, { logId: logIds[0] as string });
  await run(deps, team.actors.volunteer, writeNote, { teamId: team.teamId, text: SECRET_NOTE });
  for (let i = 0; i < 3; i++) {
    await deps.database.db.transaction((tx) => recordAccess(tx, deps.clock.now(), { actorId: team.cast.advocate.personId, recordType: 'care_note', recordId: `n${i}`, ownerId: team.cast.owner.personId, reason: 'team member' }));
  }
  const [person] = await deps.database.query<{ hash: string }>('SELECT password_hash AS hash FROM people WHERE password_hash IS NOT NULL LIMIT 1');
  return { team, logIds, passwordHash: person?.hash as string };
}
