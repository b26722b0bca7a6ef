import { t } from '../i18n.ts';

/**
 * A URL for another page of the same list: the page's own query (its filters) with the
 * keyset's cursor replaced, so "next" and "previous" are plain links that need no JavaScript.
 */
export function pageHref(base: string, query: Record<string, unknown>, cursor: { after: string } | { before: string }, fragment = ''): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'after' || key === 'before' || typeof value !== 'string' || value === '') continue;
    params.set(key, value);
  }
  for (const [key, value] of Object.entries(cursor)) params.set(key, value);
  return `${base}?${params.toString()}${fragment}`;
}

/**
 * For a page with more than one paged list, each with its cursor under its own prefix
 * ("concerns_after"): a URL for another page of one list that keeps where the others are.
 */
export function listHref(base: string, query: Record<string, unknown>, prefix: string, cursor: { after: string } | { before: string }, fragment = ''): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith(prefix) && /^[a-z]+_(after|before)$/.test(key) && typeof value === 'string') params.set(key, value);
  }
  for (const [key, value] of Object.entries(cursor)) params.set(`${prefix}${key}`, value);
  return `${base}?${params.toString()}${fragment}`;
}

/** Previous and next links of a keyset-paged list, in a labelled navigation region; nothing when it fits on one page. */
export function Pager({ label, prev, next, prevText, nextText }: { label: string; prev: string | null; next: string | null; prevText?: string; nextText?: string }) {
  if (!prev && !next) return null;
  return (
    <nav aria-label={label} class="pager no-print">
      <ul>
        {prev ? <li><a href={prev} rel="prev">{prevText ?? t('Previous page')}</a></li> : null}
        {next ? <li><a href={next} rel="next">{nextText ?? t('Next page')}</a></li> : null}
      </ul>
    </nav>
  );
}
