// Proposals in every kind of circle, at every stage (DOMAIN.md 3.1): most adopted by consent,
// some after an objection and an amended second version, each adopted one with its logbook
// entry and history; recent ones still open; some withdrawn or referred to the parent circle.
import { DAY, HOUR, MINUTE } from '../../src/platform/clock.ts';
import type { LoadContext } from './context.ts';
import { Loader, iso, isoDay } from './bulk.ts';
import { SEED, personId } from './plan.ts';
import { Id, Random, allocate, uuidOf } from './random.ts';
import { concernLines, objectionLines, proposalTopics, questionLines, reactionLines } from './words.ts';

const specs = {
  logbook: {
    table: 'logbook_entries',
    columns: ['id', 'circle_id', 'kind', 'title', 'text', 'author_id', 'source_type', 'source_id', 'history', 'adopted_at', 'review_date'],
  },
  proposals: {
    table: 'proposals',
    columns: [
      'id', 'circle_id', 'author_id', 'facilitator_id', 'state', 'outcome_kind', 'version', 'round',
      'mode', 'deadline', 'logbook_entry_id', 'created_at', 'updated_at',
    ],
  },
  versions: {
    table: 'proposal_versions',
    columns: ['id', 'proposal_id', 'version', 'title', 'driver', 'text', 'review_date', 'amended_by', 'reason', 'created_at'],
  },
  responses: {
    table: 'consent_responses',
    columns: ['id', 'proposal_id', 'round', 'version', 'person_id', 'response', 'concern', 'reason', 'recorded_by', 'created_at'],
  },
  reactions: { table: 'proposal_reactions', columns: ['id', 'proposal_id', 'person_id', 'version', 'text', 'created_at'] },
  questions: {
    table: 'proposal_questions',
    columns: ['id', 'proposal_id', 'asked_by', 'question', 'answer', 'answered_by', 'created_at', 'answered_at'],
  },
} as const;

const openStates = ['draft', 'presented', 'clarifying', 'reactions', 'consent_round', 'consent_round', 'consent_round', 'objections', 'amended'] as const;

export async function loadProposals(ctx: LoadContext): Promise<void> {
  const { client, coop } = ctx;
  const random = new Random(SEED, 7);
  const l = Object.fromEntries(Object.entries(specs).map(([k, spec]) => [k, new Loader(client, spec)])) as { [K in keyof typeof specs]: Loader };
  l.proposals.after(l.logbook);
  for (const x of [l.versions, l.responses, l.reactions, l.questions]) x.after(l.proposals);
  const teamWeight = new Map(coop.teams.map((t) => [t.circle, Math.sqrt(t.weight)]));
  const mean = [...teamWeight.values()].reduce((a, b) => a + b, 0) / Math.max(1, teamWeight.size);
  const factor = { general: 6, members: 6, local: 4, working: 2, team: 1 };
  const perCircle = allocate(coop.sizes.proposals, coop.circles.map((c) => teamWeight.get(c.i) ?? mean * factor[c.level]));
  const nameOf = (n: number) => coop.people[n - 1]?.name ?? '';
  const busyTeam = coop.teams[0]?.circle;
  let n = 0;
  let child = 0;
  const row = () => ++child;
  for (const c of coop.circles) {
    const full = c.members.filter((m) => m.participation === 'full' && m.leftAt === null);
    if (full.length === 0) continue;
    const facilitatorHat = c.hats.find((h) => h.role === 'facilitator')?.holder ?? null;
    for (let k = 0; k < (perCircle[c.i] as number); k++) {
      const id = uuidOf(Id.proposal, ++n);
      const created = c.createdAt + 7 * DAY + Math.floor(random.next() * (coop.now - DAY - c.createdAt - 7 * DAY));
      const voters = (at: number) => full.filter((m) => m.joinedAt <= at);
      const author = random.pick(voters(created).length > 0 ? voters(created) : full).person;
      const facilitator = facilitatorHat ?? random.pick(full).person;
      const recent = coop.now - created < 60 * DAY;
      const r = random.next();
      const state = recent && r < 0.6 ? random.pick(openStates) : r < 0.87 ? 'adopted' : r < 0.95 || c.parent === null ? 'withdrawn' : 'referred';
      const online = random.chance(0.4);
      const amended = state === 'amended' || (state === 'adopted' && random.chance(0.25));
      const rounds = state === 'adopted' ? (amended ? 2 : 1) : ['consent_round', 'objections', 'amended', 'referred'].includes(state) || (state === 'withdrawn' && random.chance(0.5)) ? 1 : 0;
      const topic = random.pick(proposalTopics);
      const outcome = random.chance(0.2) ? 'policy' : 'decision';
      const reviewDate = isoDay(created + 365 * DAY);
      const history: Record<string, unknown>[] = [];
      let t = created;
      const later = (minHours: number, maxHours: number) => (t = Math.min(coop.now - MINUTE, t + random.int(minHours * 60, maxHours * 60) * MINUTE));
      const version = async (v: number, reason: string | null) => {
        const text = v === 1 ? `We agree: ${topic.toLowerCase()}.` : `We agree: ${topic.toLowerCase()}, tried for three months and reviewed.`;
        if (l.versions.add(uuidOf(Id.proposalVersion, row()), id, v, topic, `We need to decide: ${topic.toLowerCase()}.`, text, reviewDate, personId(author), reason, iso(t))) await l.versions.room();
        history.push({ type: 'version', version: v, title: topic, driver: `We need to decide: ${topic.toLowerCase()}.`, text, term: null, reviewDate, reason, by: nameOf(author), at: iso(t) });
      };
      await version(1, null);
      if (random.chance(0.15)) {
        const asker = random.pick(full).person;
        const answered = random.chance(0.8);
        l.questions.add(uuidOf(Id.question, row()), id, personId(asker), random.pick(questionLines), answered ? 'Yes, that is the idea.' : null, answered ? personId(author) : null, iso(later(1, 48)), answered ? iso(later(1, 24)) : null);
      }
      if (rounds > 0 && random.chance(0.3)) {
        for (let i = random.int(1, 3); i > 0; i--) l.reactions.add(uuidOf(Id.reaction, row()), id, personId(random.pick(full).person), 1, random.pick(reactionLines), iso(later(1, 24)));
      }
      for (let round = 1; round <= rounds; round++) {
        const v = round === 2 ? 2 : 1;
        const answering = voters(t);
        const objecting = (state !== 'adopted' || (amended && round === 1)) && state !== 'withdrawn' ? random.pick(answering.length > 0 ? answering : full).person : -1;
        const partial = state === 'consent_round' && online;
        for (const m of answering.length > 0 ? answering : full) {
          if (partial && random.chance(0.5)) continue;
          const objection = m.person === objecting;
          const concern = !objection && random.chance(0.1) ? random.pick(concernLines) : null;
          const recordedBy = online ? m.person : facilitator;
          const reason = objection ? random.pick(objectionLines) : null;
          const at = later(0, online ? 12 : 0.1);
          if (l.responses.add(uuidOf(Id.response, row()), id, round, v, personId(m.person), objection ? 'objection' : 'consent', concern, reason, personId(recordedBy), iso(at))) await l.responses.room();
          history.push({ type: 'response', round, version: v, response: objection ? 'objection' : 'consent', concern, reason, withdrawn: false, by: nameOf(m.person), recordedBy: nameOf(recordedBy), at: iso(at) });
        }
        if (round === 1 && amended) {
          later(24, 24 * 7);
          await version(2, 'Amended to meet the objection.');
        }
      }
      const decided = later(1, 48);
      let entry: string | null = null;
      if (state === 'adopted') {
        entry = ctx.nextId(Id.logbook);
        if (l.logbook.add(entry, c.id, outcome, topic, [...history].reverse().find((h) => h.type === 'version')?.text as string, personId(author), 'proposal', id, history, iso(decided), reviewDate)) await l.logbook.room();
        if (c.i === busyTeam) {
          ctx.sample('proposal', id);
          ctx.sample('logbookEntry', entry);
        }
      }
      if (state === 'consent_round') ctx.sample('openProposal', id);
      const deadline = online && rounds > 0 ? iso(created + 14 * DAY) : null;
      if (l.proposals.add(id, c.id, personId(author), personId(facilitator), state, outcome, amended ? 2 : 1, rounds, online ? 'online' : 'meeting', deadline, entry, iso(created), iso(Math.max(decided, created + HOUR)))) await l.proposals.room();
    }
    ctx.progress(n, coop.sizes.proposals);
  }
  for (const loader of Object.values(l)) await loader.finish();
  for (const loader of Object.values(l)) ctx.count(loader.spec.table, loader.written);
}
