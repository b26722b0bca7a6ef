import type { ComponentChildren } from 'preact';
import { formatDate } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ActionButton, Field, type FormState, Form, Select } from '../../../web/views/forms.tsx';
import { type CareMap, type MapPerson, kindWords } from './queries.ts';
import { careKinds, connectionKinds } from './schema.ts';
import { CareMapSvg, careStyles, kindLabels } from './svg.tsx';

type Level = 2 | 3;
function H({ level, id, children }: { level: number; id?: string; children: ComponentChildren }) {
  const Tag = `h${Math.min(level, 6)}` as 'h2';
  return <Tag id={id}>{children}</Tag>;
}

const hatWords = (p: MapPerson) =>
  p.hats.map((h) => (h.role && h.role !== h.name ? t('{hat} ({role})', { hat: h.name, role: t(h.role) }) : h.name)).join(', ');

function PersonItem({ p }: { p: MapPerson }) {
  const hats = hatWords(p);
  return (
    <li>
      <strong>{p.name}</strong>
      {p.kind ? `, ${t(kindWords[p.kind])}` : ''}
      {hats ? <>{' · '}{t('hats')}: {hats}</> : null}
    </li>
  );
}

/**
 * The text equivalent: the same people, links and kinds of care as the picture, in reading
 * order, so a screen reader, a search and a photocopy all carry the whole map.
 */
function MapList({ map, level, state }: { map: CareMap; level: Level; state?: FormState }) {
  const id = map.team.id;
  return (
    <div class="care-map-list" id={`care-map-list-${id}`}>
      <H level={level}>{t('At the centre')}</H>
      <ul><PersonItem p={{ ...map.owner, kind: null }} /></ul>
      <H level={level}>{t('In the team')}</H>
      {map.groups.length === 0 ? <p>{t('Nobody else is in the team yet.')}</p> : null}
      {map.groups.map((g) => (
         <section key={g.key}>
          <H level={level + 1}>{t(g.label)}</H>
          <ul>{g.people.map((p) => <PersonItem key={p.personId} p={p} />)}</ul>
        </section>
      ))}
      <H level={level}>{t('Around {name}: groups, organisations, services and people', { name: map.owner.name })}</H>
      {map.connections.length === 0 ? <p>{t('None recorded yet.')}</p> : null}
      <ul class="care-map-connections">
        {map.connections.map((c) => (
          <li key={c.id} data-care={c.care}>
            <strong>{c.name}</strong> ({t(kindLabels[c.kind])}): <span class={`care-word care-${c.care}`}>{t('{care} care', { care: t(careStyles[c.care].label) })}</span>
            {c.note ? <> · {c.note}</> : null}
            {map.mayKeep && state ? (
              <span class="no-print care-map-actions">
                {' '}<a href={`/teams/${id}/care-map/connections/${c.id}`}>{t('Change {name}', { name: c.name })}</a>{' '}
                <ActionButton action={`/teams/${id}/care-map/connections/${c.id}/remove`} csrf={state.csrf} label={t('Remove {name} from the map', { name: c.name })} secondary />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <H level={level}>{t('Beyond')}</H>
      <p>{map.localCircle ? t('The Local Circle {name}, which supports the team.', { name: map.localCircle.name }) : t('The Local Circle, which supports the team.')}</p>
    </div>
  );
}

/** What the line patterns mean, in words (the picture carries the same key). */
function CareKey({ level }: { level: Level }) {
  return (
    <>
      <H level={level}>{t('The kinds of care along each link')}</H>
      <dl class="care-map-key">
        {careKinds.map((k) => (
          <div key={k}>
            <dt>{t(careStyles[k].label)}</dt>
            <dd>{t(careStyles[k].meaning)}{'. '}{t(k === 'generative' ? 'Drawn as a thick solid line.' : k === 'engaged' ? 'Drawn as a dashed line.' : 'Drawn as a thin dotted line.')}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** The picture with its text equivalent beside it (below it on a narrow screen). */
export function CareMapFigure({ map, level, state }: { map: CareMap; level: Level; state?: FormState }) {
  const ids = { title: `care-map-title-${map.team.id}`, desc: `care-map-desc-${map.team.id}` };
  return (
    <div class="care-map">
      <figure class="care-map-picture">
        <CareMapSvg map={map} ids={ids} />
        <figcaption>{t('Thick solid lines: generative care. Dashed: engaged. Dotted: inactive. Shapes show how each person takes part.')}</figcaption>
      </figure>
      <div class="care-map-text">
        <MapList map={map} level={level} state={state} />
        <CareKey level={level} />
      </div>
    </div>
  );
}

export const kindOptions = connectionKinds.map((k) => ({ value: k, label: t(kindLabels[k]) }));
export const careOptions = careKinds.map((k) => ({ value: k, label: t('{care}: {meaning}', { care: t(careStyles[k].label), meaning: t(careStyles[k].meaning) }) }));

/** The fields for one connection, used to add and to change. */
export function ConnectionFields({ state }: { state: FormState }) {
  const withChoice = (o: { value: string; label: string }[]) => [{ value: '', label: t('Choose…') }, ...o];
  return (
    <>
      <Field name="name" label={t('Name')} hint={t('For example: Tuesday lunch club, Church Lane surgery, Margaret next door')} state={state} />
      <Select name="kind" label={t('What it is')} state={state} options={withChoice(kindOptions)} />
      <Select name="care" label={t('The care along this link')} state={state} options={withChoice(careOptions)} />
      <Field name="note" label={t('A short note (optional)')} hint={t('Up to 200 characters, for example "Thursdays, Margaret drives"')} type="textarea" state={state} />
    </>
  );
}

/** The printable page: the map, the list, and (on screen, for the owner's side) the add form. */
export function CareMapPage({ map, state, tz }: { map: CareMap; state: FormState; tz: string }) {
  const id = map.team.id;
  return (
    <article class="care-map-page">
      <h1>{t('{name}\'s circle of support', { name: map.owner.name })}</h1>
      <p>
        {t('The community care map of {team}.', { team: map.team.name })}{' '}
        {map.changedAt ? t('Last changed {date}.', { date: formatDate(map.changedAt, tz) }) : null}{' '}
        {t('Kept up to date by {name} and their advocate.', { name: map.owner.name })}
      </p>
      <p class="no-print"><a href={`/teams/${id}`}>{t('Back to the team')}</a></p>
      <CareMapFigure map={map} level={2} state={state} />
      {map.mayKeep ? (
        <section aria-labelledby="add-connection" class="no-print">
          <h2 id="add-connection">{t('Add a group, organisation, service or person')}</h2>
          <Form action={`/teams/${id}/care-map`} state={state} submit={t('Add to the map')}>
            <ConnectionFields state={state} />
          </Form>
        </section>
      ) : null}
    </article>
  );
}

/** On the team page: the picture and list, with the way to print and change it. */
export function TeamCareMap({ map }: { map: CareMap }) {
  const id = map.team.id;
  return (
    <section aria-labelledby="circle-of-support">
      <h2 id="circle-of-support">{t('Circle of support')}</h2>
      <p><a href={`/teams/${id}/care-map`}>{map.mayKeep ? t('Print the map, or add and change who is on it') : t('The map on its own page, to print')}</a></p>
      <CareMapFigure map={map} level={3} />
    </section>
  );
}
