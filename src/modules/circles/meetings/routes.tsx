import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { defineAction, requireActor } from '../../../platform/authz.ts';
import { type Command, run } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { csrfFor, sendPage } from '../../../web/render.tsx';
import { addRoute, formBody, idParam } from '../../../web/routing.ts';
import { ActionButton, Checkbox, Field, Form, Select } from '../../../web/views/forms.tsx';
import { canSeeCircle, canSeeConfidential } from '../policy.ts';
import { circleMembership, getCircle } from '../queries.ts';
import { addItem, approveMinutes, checkIn, draftMinutes, itemInput, minutesInput, moveMeeting, recordInMeeting, recordInput, scheduleInput, scheduleMeeting } from './commands.ts';
import { agendaItems, meetings } from './schema.ts';

const act = defineAction('circles.meetings', { audience: 'signed-in', description: "A circle's meetings (policy: full participants, Facilitator, Secretary run them)" });
const stepInput = z.object({ step: z.enum(['open', 'close', 'cancel']), facilitatorId: z.uuid('Choose the facilitator').optional().or(z.literal('')) });

/** Minutes as everyone else reads them: the lines the Secretary marked "(confidential)" left out. */
const withoutConfidentialLines = (minutes: string) => minutes.split('\n').filter((l) => !l.includes('(confidential)')).join('\n');

export async function upcomingMeeting(db: Db, circleId: string, now: Date) {
  const [m] = await db.select().from(meetings).where(and(eq(meetings.circleId, circleId), eq(meetings.state, 'scheduled'), gt(meetings.startsAt, now))).orderBy(asc(meetings.startsAt)).limit(1);
  return m ?? null;
}

export function registerMeetingRoutes(app: FastifyInstance): void {
  const deps = app.deps;
  const db = deps.database.db;
  const tz = app.config.timeZone;
  const id = idParam;
  const visible = async (req: FastifyRequest) => {
    const actor = requireActor(req.actor);
    const [m] = isUuid(id(req)) ? await db.select().from(meetings).where(eq(meetings.id, id(req))) : [];
    const circle = m ? await getCircle(db, m.circleId) : null;
    if (!m || !circle) throw new NotFound(t('That meeting was not found.'));
    const members = await circleMembership(db, circle.id, deps.clock.now());
    const row = members.find((x) => x.personId === actor.personId);
    const member = Boolean(row);
    if (!canSeeCircle(actor, circle, member)) throw new NotFound(t('That meeting was not found.'));
    // Confidential items, and the draft minutes that may mention them, by the one rule.
    const confidential = canSeeConfidential(actor, circle, row);
    const items = (await db.select().from(agendaItems).where(eq(agendaItems.meetingId, m.id)).orderBy(asc(agendaItems.createdAt))).filter((i) => confidential || !i.confidential);
    const minutes = m.minutes && (confidential || m.state === 'minutes_approved') ? (confidential ? m.minutes : withoutConfidentialLines(m.minutes)) : null;
    return { m, circle, members, member, confidential, items, minutes };
  };

  addRoute(app, {
    method: 'GET', url: '/circles/:id/meetings', action: act, kind: 'page', summary: "A circle's meetings",
    handler: async (req, reply) => {
      const circle = await getCircle(db, id(req));
      if (!circle) throw new NotFound(t('That circle was not found.'));
      const members = await circleMembership(db, circle.id, deps.clock.now());
      if (!canSeeCircle(requireActor(req.actor), circle, members.some((x) => x.personId === req.actor?.personId))) throw new NotFound();
      const list = await db.select().from(meetings).where(eq(meetings.circleId, circle.id)).orderBy(desc(meetings.startsAt)).limit(50);
      const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
      return sendPage(req, reply, {
        title: t('Meetings'), csrf: state.csrf,
        body: (
          <>
            <h1>{t('Meetings of {circle}', { circle: circle.name })}</h1>
            <ul class="plain-list">
              {list.map((m) => (
                <li key={m.id}>
                  <a href={`/meetings/${m.id}`}>{formatDateTime(m.startsAt, tz)}</a> · {m.place} · {t(m.state.replace('_', ' '))}
                </li>
              ))}
            </ul>
            <h2>{t('Schedule a meeting')}</h2>
            <Form action={`/circles/${circle.id}/meetings`} state={state} submit={t('Schedule')}>
              <Field name="startsAt" label={t('Date and time')} type="datetime-local" state={state} />
              <Field name="place" label={t('Place or call link')} state={state} />
            </Form>
          </>
        ),
      });
    },
  });
  const both = (url: string, body: z.ZodType | undefined, command: Command<Record<string, unknown> & { meetingId: string }, unknown>) => {
    addRoute(app, {
      method: 'POST', url: `/meetings/:id/${url}`, action: act, kind: 'page', summary: `Meeting: ${url}`, body,
      handler: async (req, reply) => {
        await visible(req);
        await run(deps, req.actor, command, { ...formBody(req), meetingId: id(req) });
        return reply.redirect(`/meetings/${id(req)}`, 303);
      },
    });
    addRoute(app, {
      method: 'POST', url: `/api/v1/meetings/:id/${url}`, action: act, kind: 'api', summary: `Meeting: ${url}`, body,
      handler: async (req) => {
        await visible(req);
        return { result: (await run(deps, req.actor, command, { ...((req.body ?? {}) as Record<string, unknown>), meetingId: id(req) })) ?? null };
      },
    });
  };
  both('items', itemInput, addItem);
  both('step', stepInput, (ctx, i) => moveMeeting(ctx, { meetingId: i.meetingId, step: stepInput.parse(i).step, facilitatorId: i.facilitatorId }));
  both('check-in', undefined, (ctx, i) => checkIn(ctx, i));
  both('record', recordInput, recordInMeeting);
  both('minutes', minutesInput, draftMinutes);
  both('approve', undefined, (ctx, i) => approveMinutes(ctx, i));
  for (const [url, kind] of [['/circles/:id/meetings', 'page'], ['/api/v1/circles/:id/meetings', 'api']] as const) {
    addRoute(app, {
      method: 'POST', url, action: act, kind, summary: 'Schedule a meeting', body: scheduleInput,
      handler: async (req, reply) => {
        const values = kind === 'page' ? formBody(req) : ((req.body ?? {}) as Record<string, unknown>);
        const { meetingId } = await run(deps, req.actor, scheduleMeeting, { ...values, circleId: id(req) });
        return kind === 'page' ? reply.redirect(`/meetings/${meetingId}`, 303) : reply.status(201).send({ meetingId });
      },
    });
  }
  addRoute(app, {
    method: 'GET', url: '/api/v1/meetings/:id', action: act, kind: 'api', summary: 'A meeting (confidential items only for the circle)',
    handler: async (req) => {
      const { m, items, minutes } = await visible(req);
      return { meeting: { ...m, minutes }, items };
    },
  });
  for (const url of ['/meetings/:id', '/meetings/:id/minutes']) {
    addRoute(app, {
      method: 'GET', url, action: act, kind: 'page', summary: url.endsWith('minutes') ? 'Printable minutes' : 'A circle meeting',
      handler: async (req, reply) => {
        const { m, circle, members, member, items, minutes } = await visible(req);
        const printable = url.endsWith('minutes');
        const state = { values: {}, errors: {}, csrf: csrfFor(reply) };
        const running = member && !printable;
        return sendPage(req, reply, {
          title: t('Meeting'), csrf: state.csrf,
          body: (
            <>
              <h1>{t('{circle}: meeting of {when}', { circle: circle.name, when: formatDateTime(m.startsAt, tz) })}</h1>
              <p>{m.place} · {t(m.state.replace('_', ' '))} · <a href={`/meetings/${m.id}/minutes`}>{t('Printable minutes')}</a></p>
              <h2>{t('Agenda')}</h2>
              <ol>
                {items.map((i) => (
                  <li key={i.id}>
                    {i.title} ({t(i.kind)}){i.confidential ? ` · ${t('confidential')}` : ''}
                    {i.notes ? <p class="prose">{i.notes}</p> : null}
                  </li>
                ))}
              </ol>
              <h2>{t('Attendance')}</h2>
              <ul>
                {m.attendance.map((a) => (
                  <li key={a.personId}>{a.name} ({t(a.role)}{a.recordedBy && a.recordedBy !== a.personId ? `, ${t('recorded by the facilitator')}` : a.recordedBy ? `, ${t('checked in')}` : ''}){a.personId === m.facilitatorId ? ` · ${t('facilitating')}` : ''}{a.opening ? ` · ${t('opening')}: ${a.opening}` : ''}{a.closing ? ` · ${t('closing')}: ${a.closing}` : ''}</li>
                ))}
              </ul>
              {minutes ? (
                <>
                  <h2>{m.state === 'minutes_approved' ? t('Minutes') : t('Draft minutes')}</h2>
                  <p class="prose">{minutes}</p>
                </>
              ) : null}
              {running && ['scheduled', 'open'].includes(m.state) ? (
                <Form action={`/meetings/${m.id}/items`} state={state} submit={t('Add to the agenda')}>
                  <Select name="kind" label={t('Kind of item')} state={state} options={['proposal', 'review', 'selection', 'report'].map((k) => ({ value: k, label: t(k) }))} />
                  <Field name="title" label={t('Item')} state={state} />
                  <Checkbox name="confidential" label={t('Confidential (personal matters): only the circle sees it')} state={state} />
                </Form>
              ) : null}
              {running && m.state === 'open' ? (
                <Form action={`/meetings/${m.id}/record`} state={state} submit={t('Record')}>
                  <Select name="personId" label={t('Person')} state={state} options={members.map((x) => ({ value: x.personId, label: x.name }))} />
                  <Select name="role" label={t('Here as')} state={state} options={[{ value: 'member', label: t('Member, present') }, { value: 'guest', label: t('Guest') }, { value: 'apology', label: t('Sent apologies') }]} />
                  <Field name="opening" label={t('Opening round')} state={state} />
                  <Field name="closing" label={t('Closing round')} state={state} />
                </Form>
              ) : null}
              {running && m.state === 'open' && items.length > 0 ? (
                <Form action={`/meetings/${m.id}/record`} state={state} submit={t('Save notes')}>
                  <Select name="itemId" label={t('Agenda item')} state={state} options={items.map((i) => ({ value: i.id, label: i.title }))} />
                  <Field name="notes" label={t('What happened')} type="textarea" state={state} />
                </Form>
              ) : null}
              {member && !printable && m.state === 'open' && !m.attendance.some((a) => a.personId === req.actor?.personId && a.recordedBy === a.personId) ? (
                <ActionButton action={`/meetings/${m.id}/check-in`} csrf={state.csrf} label={t("I'm here: check me in")} />
              ) : null}
              {running && m.state === 'scheduled' ? (
                <Form action={`/meetings/${m.id}/step`} state={state} submit={t('Open the meeting')}>
                  <input type="hidden" name="step" value="open" />
                  <Select name="facilitatorId" label={t('Who facilitates (a full participant)')} state={state} options={[{ value: '', label: t("The Facilitator hat's holder, or me") }, ...members.filter((x) => x.participation === 'full').map((x) => ({ value: x.personId, label: x.name }))]} />
                </Form>
              ) : null}
              {running ? (
                <p>
                  {m.state === 'scheduled' ? <StepButton id={m.id} csrf={state.csrf} step="cancel" label={t('Cancel the meeting')} /> : null}
                  {m.state === 'open' ? <StepButton id={m.id} csrf={state.csrf} step="close" label={t('Close the meeting')} /> : null}
                  {m.state === 'closed' ? <ActionButton action={`/meetings/${m.id}/minutes`} csrf={state.csrf} label={t('Draft the minutes from what was recorded')} /> : null}
                  {m.state === 'minutes_drafted' ? <ActionButton action={`/meetings/${m.id}/approve`} csrf={state.csrf} label={t('Approve and publish the minutes')} /> : null}
                </p>
              ) : null}
            </>
          ),
        });
      },
    });
  }
}

function StepButton({ id, csrf, step, label }: { id: string; csrf: string; step: string; label: string }) {
  return (
    <form method="post" action={`/meetings/${id}/step`} class="inline-form">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="step" value={step} />
      <button type="submit">{label}</button>
    </form>
  );
}
