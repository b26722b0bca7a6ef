import { t } from '../i18n.ts';

/** How many people or pools a search shows at most: a choice, not a directory. */
export const CHOICES_SHOWN = 25;

export interface ChooserSearchProps {
  /** The page itself: the search is a GET form back to it, so it works without JavaScript. */
  action: string;
  /** The JSON the enhancing script asks as the person types (`?who=`): the same search. */
  source: string;
  /** The select in the page's form whose options the results become (several, space-separated: each gets them). */
  target: string;
  label: string;
  value: string;
  /** How many were found (at most CHOICES_SHOWN) and whether there were more. */
  found: number;
  more: boolean;
  /** Other query values the page needs kept (a pool's filter, say). */
  keep?: Record<string, string>;
  noun?: { one: string; many: string };
}

/** What the live region says about a search's results; the script says the same (chooser.js). */
export function resultText(found: number, more: boolean, searched: boolean, noun = { one: 'person', many: 'people' }): string {
  if (!searched) return t('Type part of a name and search to find others.');
  if (found === 0) return t('Nobody found with that name.');
  if (more) return t('The first {n} {many} found: type more of the name to narrow it.', { n: found, many: t(noun.many) });
  return found === 1 ? t('1 {one} found.', { one: t(noun.one) }) : t('{n} {many} found.', { n: found, many: t(noun.many) });
}

/**
 * Search for the person (or pool) to choose, instead of a list of hundreds: a GET form that
 * reloads the page with the matches as the options of the form's select; with JavaScript
 * (static/chooser.js) the options follow as the person types, and the live region says how
 * many were found. The search form stands apart from the page's form, which it cannot be inside.
 */
export function ChooserSearch({ action, source, target, label, value, found, more, keep = {}, noun }: ChooserSearchProps) {
  const id = `${target.split(' ')[0]}-search`;
  return (
    <form method="get" action={action} role="search" aria-label={label} class="chooser" data-chooser-source={source} data-chooser-target={target} data-chooser-one={noun?.one ?? 'person'} data-chooser-many={noun?.many ?? 'people'}>
      {Object.entries(keep).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <label for={id}>{label}</label>
      <input id={id} name="who" type="search" value={value} autocomplete="off" maxLength={100} aria-describedby={`${id}-status`} />
      <button type="submit">{t('Search')}</button>
      <p id={`${id}-status`} role="status" class="hint">{resultText(found, more, value.trim() !== '', noun)}</p>
      <script src="/static/chooser.js" defer></script>
    </form>
  );
}
