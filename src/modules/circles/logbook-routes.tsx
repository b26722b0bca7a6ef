import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineAction, requireActor } from '../../platform/authz.ts';
import { DAY } from '../../platform/clock.ts';
import { run } from '../../platform/context.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { pageFrom } from '../../platform/keyset.ts';
import { enqueue, registerJob } from '../../platform/jobs.ts';
import { notify } from '../../platform/notify.ts';
import { formPage } from '../../web/form-page.tsx';
import { t } from '../../web/i18n.ts';
import { sendPage } from '../../web/render.tsx';
import { addRoute } from '../../web/routing.ts';
import { addNavLink } from '../../web/views/places.ts';
import { draftProposal } from '../decisions/commands/draft-proposal.ts';
import { proposalText } from '../decisions/validation.ts';
import { addMonths, isoDate } from './dates.ts';
import { confidentialCirclesOf, dueCountsByCircle, dueForReviewPage, entryAccess, getLogbookEntry, isInForce, listLogbook, LOGBOOK_PAGE } from './logbook-queries.ts';
import { circleHats, circlesOf, getCircle } from './queries.ts';
import { DueForReviewView, LogbookEntryView, LogbookView } from './views/logbook.tsx';
import { mandateView } from '../decisions/mandates/queries.ts';
import { MandateSection } from '../decisions/mandates/views.tsx';
import { ReviewView } from './views/review.tsx';

const readLogbook = defineAction('logbook.read', { audience: 'signed-in', description: 'Read logbooks (teams and confidential items: their circle only)' });
const reviewAction = defineAction('logbook.review', { audience: 'signed-in', description: 'Start a review of a logbook entry (policy: circle participant)' });

addNavLink({ place: 'circles', href: '/logbook', label: 'Logbook', hint: 'Every decision the circles have made, searchable.' });
addNavLink({ place: 'circles', href: '/reviews', label: 'Due for review', hint: 'Decisions whose review date has come.' });

const reviewInput = proposalText.extend({ outcome: z.enum(['continue', 'amend', 'retire'], { error: 'Choose continue, amend or retire' }) });

export function registerLogbookRoutes(app: FastifyInstance): void {
  const { database, clock } = app.deps;
  const db = database.db;
  const tz = app.config.timeZone;

  const visibleEntry = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const { id } = req.params as { id: string };
    const now = clock.now();
    const e = isUuid(id) ? await getLogbookEntry(db, id, now) : null;
    const access = e ? await entryAccess(db, actor, e, now) : null;
    if (!e || !access?.readable) throw new NotFound(t('That logbook entry was not found.'));
    const canPropose = access.member?.participation === 'full' || access.member?.participation === 'learning';
    return { e, member: Boolean(access.member), canPropose };
  };
  const list = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const query = req.query as { q?: string; circle?: string; before?: string; beforeId?: string; part?: string };
    const now = clock.now();
    const mine = await circlesOf(db, actor.personId);
    const circleId = isUuid(query.circle) ? query.circle : undefined;
    const part = query.part === 'rest' ? 'rest' as const : 'mine' as const;
    const before = query.before && isUuid(query.beforeId) && !Number.isNaN(Date.parse(query.before)) ? { at: new Date(query.before), id: query.beforeId, part } : undefined;
    const rows = await listLogbook(db, {
      circleId,
      search: typeof query.q === 'string' ? query.q.slice(0, 200) : undefined,
      withConfidential: await confidentialCirclesOf(db, actor, now),
      visibleTeamIds: mine.filter((c) => c.kind === 'team').map((c) => c.id),
      firstCircles: mine.map((c) => c.id),
      before,
    }, now);
    return { rows, q: typeof query.q === 'string' ? query.q.slice(0, 200) : '', circleId };
  };
  /**
   * What is due for review that the person may read (teams' only for their people, confidential
   * by canSeeConfidential): their own circles' first, then the rest of the co-op's, each list a
   * page at a time (DUE_PAGE) by keyset, so the page shows at most two pages' rows (issue 20).
   */
  const dueVisible = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const now = clock.now();
    const mine = await circlesOf(db, actor.personId);
    const visible = { visibleTeamIds: mine.filter((c) => c.kind === 'team').map((c) => c.id), confidentialCircleIds: await confidentialCirclesOf(db, actor, now) };
    const own = mine.map((c) => c.id);
    return {
      mine: await dueForReviewPage(db, now, { ...visible, only: own }, pageFrom(req.query, 'mine_', 'date')),
      rest: await dueForReviewPage(db, now, { ...visible, except: own }, pageFrom(req.query, 'rest_', 'date')),
    };
  };
  /** A review is itself a proposal: continue, amend or retire an entry that stands. */
  const startReview = async (req: FastifyRequest, values: Record<string, unknown>) => {
    const { e } = await visibleEntry(req);
    if (!isInForce(e.entry.state) || e.entry.kind === 'minutes') throw new Conflict(t('Only a decision or policy in force can be reviewed.'));
    const outcome = reviewInput.shape.outcome.safeParse(values.outcome);
    const kind = ['decision', 'policy', 'aim', 'domain'].includes(e.entry.kind) ? e.entry.kind : 'decision';
    return run(app.deps, req.actor, draftProposal, {
      ...values,
      circleId: e.entry.circleId,
      outcomeKind: kind,
      inDomain: 'on',
      reviewOf: e.entry.id,
      reviewOutcome: outcome.success ? outcome.data : undefined,
    });
  };

  addRoute(app, {
    method: 'GET', url: '/logbook', action: readLogbook, kind: 'page', summary: 'Search the logbooks',
    handler: async (req, reply) => {
      const { rows, q, circleId } = await list(req);
      const circle = circleId ? await getCircle(db, circleId) : null;
      const last = rows.at(-1);
      const params = new URLSearchParams({ ...(q ? { q } : {}), ...(circleId ? { circle: circleId } : {}) });
      const next = rows.length === LOGBOOK_PAGE && last ? `/logbook?${params}&before=${encodeURIComponent(last.adoptedAt.toISOString())}&beforeId=${last.id}&part=${last.part}` : undefined;
      const newest = (req.query as { before?: string }).before ? `/logbook${params.size ? `?${params}` : ''}` : undefined;
      return sendPage(req, reply, { title: t('Logbook'), body: <LogbookView rows={rows} q={q} circleId={circleId} circleName={circle?.name} next={next} newest={newest} tz={tz} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/logbook/:id', action: readLogbook, kind: 'page', summary: 'A logbook entry with how it was decided',
    handler: async (req, reply) => {
      const { e, canPropose } = await visibleEntry(req);
      const effects = await mandateView(db, { entryId: e.entry.id });
      const mandate = e.entry.sourceType === 'proposal' || effects.length > 0 ? <MandateSection effects={effects} csrf="" adopted /> : undefined;
      return sendPage(req, reply, { title: e.entry.title, body: <LogbookEntryView e={e} canReview={canPropose} tz={tz} mandate={mandate} /> });
    },
  });
  addRoute(app, {
    method: 'GET', url: '/reviews', action: readLogbook, kind: 'page', summary: 'Everything due for review',
    handler: async (req, reply) => sendPage(req, reply, { title: t('Due for review'), body: <DueForReviewView due={await dueVisible(req)} query={req.query as Record<string, unknown>} /> }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/logbook', action: readLogbook, kind: 'api', summary: 'Search the logbooks (q, circle, before, beforeId, part): your circles’ entries first, then the rest, 50 at a time',
    handler: async (req) => ({ entries: (await list(req)).rows }),
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/logbook/:id', action: readLogbook, kind: 'api', summary: 'A logbook entry with its history',
    handler: async (req) => (await visibleEntry(req)).e,
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/logbook/:id/mandate', action: readLogbook, kind: 'api', summary: 'What an adopted decision authorises, and how much of it is used',
    handler: async (req) => {
      const { e } = await visibleEntry(req);
      return { entryId: e.entry.id, effects: await mandateView(db, { entryId: e.entry.id }) };
    },
  });
  addRoute(app, {
    method: 'GET', url: '/api/v1/reviews', action: readLogbook, kind: 'api', summary: "Entries due for review that you can see: your circles' (mine_after, mine_before) and the rest (rest_after, rest_before), 50 of each at a time",
    handler: async (req) => {
      const { mine, rest } = await dueVisible(req);
      return { due: [...mine.rows, ...rest.rows], mine, rest };
    },
  });

  formPage(app, {
    url: '/logbook/:id/review', action: reviewAction, title: t('Start a review'), summary: 'Start a review (a proposal to continue, amend or retire)', body: reviewInput,
    initial: async (req) => {
      const { e } = await visibleEntry(req);
      return { title: `Review: ${e.entry.title}`, driver: `The review date (${e.entry.reviewDate ?? 'none'}) has come.`, text: e.entry.text, reviewDate: addMonths(isoDate(clock.now()), 12), outcome: 'continue' };
    },
    view: async (req, state) => {
      const { e } = await visibleEntry(req);
      return <ReviewView state={state} entryId={e.entry.id} title={e.entry.title} />;
    },
    submit: async (req, reply, values) => {
      const { proposalId } = await startReview(req, values);
      return reply.redirect(`/proposals/${proposalId}`, 303);
    },
  });
  addRoute(app, {
    method: 'POST', url: '/api/v1/logbook/:id/reviews', action: reviewAction, kind: 'api', summary: 'Start a review of an entry in force: a draft proposal to continue, amend or retire it', body: reviewInput,
    handler: async (req, reply) => reply.status(201).send(await startReview(req, (req.body ?? {}) as Record<string, unknown>)),
  });
}

/**
 * Once a day: tell each circle's Secretary and Logbook Keeper what has come due for review.
 * Each day's run queues the next, and the dedupe key keeps it to one a day across instances.
 */
export function registerReviewReminders(): void {
  registerJob('logbook.review-reminders', async ({ tx, now }) => {
    for (const { circleId, circleName, due } of await dueCountsByCircle(tx, now)) {
      const hats = await circleHats(tx, circleId, now);
      const keepers = hats.filter((h) => h.role === 'secretary' || h.role === 'logbook-keeper').flatMap((h) => h.holders.map((x) => x.personId));
      await notify(tx, now, keepers, { text: `${due} logbook items in ${circleName} are due for review`, href: `/logbook?circle=${circleId}` });
    }
    await scheduleReviewReminders(tx, new Date(now.getTime() + DAY));
  });
}

export async function scheduleReviewReminders(tx: Parameters<typeof enqueue>[0], at: Date): Promise<void> {
  await enqueue(tx, { kind: 'logbook.review-reminders', runAt: at, dedupeKey: `review-reminders:${isoDate(at)}` });
}
