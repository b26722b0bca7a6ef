import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState } from '../../../web/views/forms.tsx';
import { stateLabel } from '../machine.ts';
import type { Board } from '../queries.ts';
import { StageInputs } from './stage-form.tsx';

/** The Local Circle's board: one section per column, so it reads in order and prints as a list. */
export function BoardView({ board, today }: { board: Board; today: string }) {
  return (
    <>
      <h1>{t('{circle}: starting teams', { circle: board.circle.name })}</h1>
      <p class="no-print">
        <a href={`/circles/${board.circle.id}/enquiries/new`}>{t('Record a new enquiry')}</a>
      </p>
      {board.columns.map((column) => (
        <section key={column.key} aria-labelledby={`column-${column.key}`}>
          <h2 id={`column-${column.key}`}>
            {t(column.title)} ({column.cards.length})
          </h2>
          {column.cards.length === 0 ? (
            <p>{t('None')}</p>
          ) : (
            <ul>
              {column.cards.map((card) => (
                <li key={card.id}>
                  <a href={`/enquiries/${card.id}`}>{card.forName}</a> · {t(stateLabel(card.state))} ·{' '}
                  {card.nextCheckIn <= today ? t('check-in was due {date}', { date: card.nextCheckIn }) : t('next check-in {date}', { date: card.nextCheckIn })}
                  {card.teamId ? (
                    <>
                      {' · '}
                      <a href={`/teams/${card.teamId}`}>{t('their team')}</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

export function NewEnquiryView({ circle, state }: { circle: { id: string; name: string }; state: FormState }) {
  return (
    <>
      <h1>{t('New enquiry for {circle}', { circle: circle.name })}</h1>
      <p>{t('Stage 1, first contact: what you learned when they got in touch. Only the Team Starters and Coaches of this circle will see it.')}</p>
      <Form action={`/circles/${circle.id}/enquiries/new`} state={state} submit={t('Save the enquiry')}>
        <StageInputs stage="first_contact" state={state} />
        <Field name="nextCheckIn" label={t('First check-in date')} type="date" hint={t('Leave empty for two weeks from today.')} state={state} />
      </Form>
    </>
  );
}

export function StarterHomeView({ boards, own }: { boards: { href: string; name: string }[]; own: { id: string; state: Parameters<typeof stateLabel>[0]; teamId: string | null }[] }) {
  return (
    <>
      <h1>{t('Starting teams')}</h1>
      <h2>{t('Boards of the circles where you start teams')}</h2>
      {boards.length === 0 ? (
        <p>{t('You do not wear a Team Starter or Coach hat in any Local Circle.')}</p>
      ) : (
        <ul>
          {boards.map((b) => (
            <li key={b.href}>
              <a href={b.href}>{b.name}</a>
            </li>
          ))}
        </ul>
      )}
      {own.length > 0 ? (
        <>
          <h2>{t('About your own support')}</h2>
          <ul>
            {own.map((e) => (
              <li key={e.id}>
                <a href={`/enquiries/${e.id}`}>{t('Your enquiry')}</a> · {t(stateLabel(e.state))}
                {e.teamId ? (
                  <>
                    {' · '}
                    <a href={`/teams/${e.teamId}`}>{t('your team')}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
