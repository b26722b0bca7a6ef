import { t } from '../../web/i18n.ts';
import { Field, Form, type FormState } from '../../web/views/forms.tsx';
import type { AnswerAs } from './audience.ts';
import { ResultsChart, ResultsTable, formatChange, formatMean, scoreWords } from './charts.tsx';
import type { Results } from './results.ts';
import { fewest } from './rules.ts';
import type { surveyStatements } from './schema.ts';
import { domainLabels, groupLabels, scaleLabels } from './words.ts';

type Statement = typeof surveyStatements.$inferSelect;

/** Choosing the team or circle to answer about, when a person is in more than one (a GET form, no JavaScript). */
export function AboutChooser({ action, choices }: { action: string; choices: AnswerAs[] }) {
  return (
    <form method="get" action={action}>
      <fieldset class="scale">
        <legend>{t('Which team or circle are you answering about?')}</legend>
        {choices.map((c, i) => (
          <label key={c.circleId} for={`about-${c.circleId}`}>
            <input id={`about-${c.circleId}`} type="radio" name="about" value={c.circleId} checked={i === 0} /> {c.circleName} ({t(groupLabels[c.group])})
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('Show the statements')}</button>
    </form>
  );
}

/**
 * The answers: one fieldset per statement, five large choices in words, an optional comment.
 * Plain HTML: works on an old phone without JavaScript.
 */
export function AnswerForm({ action, state, about, statements }: { action: string; state: FormState; about: AnswerAs; statements: Statement[] }) {
  return (
    <Form action={action} state={state} submit={t('Send my answers')}>
      <input type="hidden" name="about" value={about.circleId} />
      <p>{t('You are answering about {circle}, as one of the {group}.', { circle: about.circleName, group: t(groupLabels[about.group]).toLowerCase() })}</p>
      {statements.map((s, i) => {
        const name = `s-${s.id}`;
        const error = state.errors[name];
        return (
          <div key={s.id}>
            <fieldset class="scale" id={`field-${name}`} aria-describedby={error ? `field-${name}-error` : undefined}>
              <legend>{`${i + 1}. ${t(s.text)}`}</legend>
              {error ? <small id={`field-${name}-error`} class="field-error">{t('Error:')} {t(error)}</small> : null}
              {scaleLabels.map((label, v) => (
                <label key={label} for={`${name}-${v + 1}`}>
                  <input id={`${name}-${v + 1}`} type="radio" name={name} value={String(v + 1)} checked={String(state.values[name] ?? '') === String(v + 1)} /> {t(label)}
                </label>
              ))}
            </fieldset>
            <Field name={`c-${s.id}`} label={t('Anything you want to add? (you can leave this empty)')} type="textarea" state={state} />
          </div>
        );
      })}
    </Form>
  );
}

/** The results page's body: overall, by group, by team or circle, by statement; charts with their tables. */
export function ResultsView({ results }: { results: Results }) {
  if (!results.shown) {
    return <p>{t('Fewer than {n} people answered, so no results are shown: with so few, answers could be told apart.', { n: fewest(results.rules.minGroup) })}</p>;
  }
  const overall = results.overall ? [results.overall] : [];
  return (
    <>
      <p>{t('{n} people answered.', { n: results.answers })} {results.previous ? t('Changes are since the round “{title}”.', { title: results.previous.title }) : t('This is the circle’s first round: there is nothing to compare with yet.')}</p>
      <p>{t('Each figure is the average on a scale from 1 (not true at all) to 5 (completely true): under {low} is low, from {high} is high. A group with fewer than {n} answers is never shown on its own. These are the co-op’s settings as they were when the round closed.', { low: String(Number(results.rules.lowBelow.toFixed(2))), high: String(Number(results.rules.highFrom.toFixed(2))), n: fewest(results.rules.minGroup) })}</p>
      {[
        { id: 'overall', title: t('Everyone, by domain'), rows: overall, first: t('Who') },
        { id: 'groups', title: t('By stakeholder group'), rows: results.byGroup, first: t('Group') },
        { id: 'circles', title: t('By team and circle'), rows: results.byCircle, first: t('Team or circle') },
      ].map((part) => (
        <section key={part.id} aria-labelledby={`${part.id}-h`}>
          <h2 id={`${part.id}-h`}>{part.title}</h2>
          {part.rows.length === 0 ? <p>{t('No group here has {n} or more answers.', { n: fewest(results.rules.minGroup) })}</p> : (
            <div class="grid">
              <ResultsChart id={`chart-${part.id}`} title={part.title} rows={part.rows} />
              <ResultsTable caption={part.title} rows={part.rows} first={part.first} />
            </div>
          )}
        </section>
      ))}
      <section aria-labelledby="statements-h">
        <h2 id="statements-h">{t('Statement by statement')}</h2>
        {results.statements.length === 0 ? <p>{t('No group answered by {n} or more people, so no statement is shown.', { n: fewest(results.rules.minGroup) })}</p> : (
          <ol>
            {results.statements.map((s) => (
              <li key={s.statement.id}>
                <p><strong>{t(s.statement.text)}</strong><br />{t(groupLabels[s.statement.stakeholderGroup])} · {t(domainLabels[s.statement.domain])} · {t('{n} answers', { n: s.answers })}: {scoreWords(s.score)}</p>
                {s.comments.length ? (
                  <details>
                    <summary>{t('{n} comments', { n: s.comments.length })}</summary>
                    <ul>{s.comments.map((c, i) => <li key={i}>{c}</li>)}</ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The results as CSV lines: one per row and domain, and one per statement. */
export function resultsCsv(results: Results): string {
  const cell = (v: string | number) => {
    const s = String(v);
    // A cell a spreadsheet would run as a formula is written as text.
    const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [['section', 'row', 'domain', 'statement', 'answers', 'average', 'level', 'change'].join(',')];
  const parts: [string, Results['byGroup']][] = [['everyone', results.overall ? [results.overall] : []], ['group', results.byGroup], ['team or circle', results.byCircle]];
  for (const [section, rows] of parts) for (const r of rows) for (const [d, s] of Object.entries(r.domains)) {
    if (s) lines.push([section, r.label, domainLabels[d as keyof typeof domainLabels], '', r.answers, formatMean(s.mean), s.level, formatChange(s.change)].map(cell).join(','));
  }
  for (const s of results.statements) {
    lines.push(['statement', groupLabels[s.statement.stakeholderGroup], domainLabels[s.statement.domain], s.statement.text, s.answers, formatMean(s.score.mean), s.score.level, formatChange(s.score.change)].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
