// One care log's life, step by step, as the app's commands would write it (care/logs/commands.ts,
// add-log.ts, jobs.ts): each step is a version with its time and actor. A step that would fall
// after "now" has not happened yet, so recent logs are naturally still pending, adjusted or disputed.
import type { careLogs } from '../../src/modules/care/schema.ts';
import { HOUR, MINUTE } from '../../src/platform/clock.ts';
import type { Random } from './random.ts';
import { adjustReasons, disputeReasons, resolutions } from './words.ts';

export type LogRow = Omit<typeof careLogs.$inferSelect, 'hash'>;
export interface Version {
  at: number;
  actor: string | null;
  row: LogRow;
}

export interface LogStart {
  id: string;
  teamId: string;
  visitId: string | null;
  supporterId: string;
  kind: 'paid' | 'volunteer';
  start: number;
  end: number;
  activity: string;
  /** The owner, or their advocate: the side that confirms. */
  ownerSide: string;
  /** The Local Circle's Coach, who settles disputes. */
  resolver: string;
  autoConfirmDays: number | null;
}

export function lifeOf(x: LogStart, now: number, random: Random): Version[] {
  const versions: Version[] = [];
  const fromVisit = x.visitId !== null;
  // A visit's log is written by the system when the visit ends; a supporter adds their own later.
  const created = Math.min(now - MINUTE, fromVisit ? x.end + 5 * MINUTE : x.end + random.int(5, 48 * 60) * MINUTE);
  let t = created;
  // One plain literal: a CPU profile of the generator showed V8 building this row slowly as
  // `{ ...blank, id, ... }` (a spread followed by many more properties), for a million rows.
  let row: LogRow = {
    id: x.id, teamId: x.teamId, visitId: x.visitId, supporterId: x.supporterId, kind: x.kind,
    startsAt: new Date(x.start), endsAt: new Date(x.end), minutes: Math.round((x.end - x.start) / MINUTE), activity: x.activity, state: 'pending',
    correctsId: null, supporterConfirmedAt: fromVisit ? null : new Date(created), ownerConfirmedAt: null, ownerConfirmedBy: null, adjustedBy: null, adjustReason: null,
    disputedBy: null, disputeReason: null, resolvedBy: null, resolution: null,
    createdBy: fromVisit ? null : x.supporterId, createdAt: new Date(created), updatedAt: new Date(created),
  };
  versions.push({ at: created, actor: fromVisit ? null : x.supporterId, row });
  /** The next step, some time after the last; false when it would be after now (it has not happened). */
  const step = (minMinutes: number, maxMinutes: number, actor: string | null, patch: (at: Date) => Partial<LogRow>): boolean => {
    const at = t + random.int(minMinutes, maxMinutes) * MINUTE;
    if (at >= now) return false;
    t = at;
    row = { ...row, ...patch(new Date(at)), updatedAt: new Date(at) };
    versions.push({ at, actor, row });
    return true;
  };
  const supporterConfirms = (state: 'pending' | 'confirmed') => step(10, 24 * 60, x.supporterId, (at) => ({ supporterConfirmedAt: at, state }));
  const ownerConfirms = (min = 60) => step(min, 3 * 24 * 60, x.ownerSide, (at) => ({ ownerConfirmedAt: at, ownerConfirmedBy: x.ownerSide, state: 'confirmed' }));
  const r = random.next();
  if (r < 0.02) {
    if (!step(60, 48 * 60, x.ownerSide, () => ({ state: 'disputed', disputedBy: x.ownerSide, disputeReason: random.pick(disputeReasons) }))) return versions;
    const happened = r >= 0.01;
    step(24 * 60, 7 * 24 * 60, x.resolver, () => ({ state: happened ? 'confirmed' : 'void', resolvedBy: x.resolver, resolution: resolutions[happened ? 0 : 1] as string }));
    return versions;
  }
  if (r < 0.05) {
    const later = random.pick([15, 30, 45]) * MINUTE;
    const ok = step(60, 48 * 60, x.ownerSide, (at) => ({
      state: 'adjusted', endsAt: new Date(x.end + later), minutes: Math.round((x.end + later - x.start) / MINUTE), adjustedBy: x.ownerSide,
      adjustReason: random.pick(adjustReasons), supporterConfirmedAt: null, ownerConfirmedAt: at, ownerConfirmedBy: x.ownerSide,
    }));
    if (ok) supporterConfirms('confirmed');
    return versions;
  }
  if (fromVisit && x.autoConfirmDays !== null && random.chance(0.4)) {
    // Nobody answered: the daily sweep confirms it once the team's days have passed.
    const days = x.autoConfirmDays;
    step(days * 24 * 60, days * 24 * 60 + 23 * 60, null, () => ({ state: 'confirmed', resolution: `Confirmed automatically: nobody responded within ${days} days.` }));
    return versions;
  }
  if (fromVisit && !supporterConfirms('pending')) return versions;
  ownerConfirms();
  return versions;
}

/** A start time on a given day at a plausible hour for support: mostly daytime, some evenings. */
export function supportStart(dayStart: number, random: Random): number {
  const hour = random.chance(0.8) ? random.int(7, 17) : random.int(18, 21);
  return dayStart + hour * HOUR + random.int(0, 3) * 15 * MINUTE;
}

export const supportMinutes = (kind: 'paid' | 'volunteer', random: Random): number =>
  kind === 'paid' ? random.pick([30, 45, 60, 60, 90, 120, 120, 180, 240]) : random.pick([60, 90, 90, 120, 120, 180]);
