import type { Actor } from '../../platform/authz.ts';
import { t } from '../i18n.ts';
import { hubPlaces, linksIn, locate, placesFor } from './places.ts';

// The places, in one list. On a narrow screen the list sits behind a <details> "Menu" that
// opens without JavaScript; on a wide one app.css shows it open and hides the summary
// (only where the browser can style ::details-content; elsewhere the menu button stays).
export function SiteNav({ actor, csrf, path }: { actor: Actor; csrf?: string; path: string }) {
  const here = locate(path);
  const current = placesFor(actor).find((p) => p.key === here.place);
  const inside = current ? linksIn(current.key, actor) : [];
  // A place with its own page lists its pages there; the others (Teams, Circles) show them here.
  const showInside = current && inside.length > 1 && !(hubPlaces.has(current.key) && path === current.href);
  return (
    <>
      <nav aria-label={t('Main')} class="site-nav">
        <details class="site-menu">
          <summary>
            {current ? t('Menu: {place}', { place: t(current.label) }) : t('Menu')}
          </summary>
          <ul class="places">
            {placesFor(actor).map((p) => (
              <li key={p.key}>
                <a href={p.href} aria-current={path === p.href ? 'page' : p.key === current?.key ? 'true' : undefined}>
                  {t(p.label)}
                </a>
              </li>
            ))}
            <li>
              <form method="post" action="/sign-out" class="inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" class="secondary outline">
                  {t('Sign out')}
                </button>
              </form>
            </li>
          </ul>
        </details>
      </nav>
      {showInside ? (
        <nav aria-label={t('In {place}', { place: t(current.label) })} class="place-nav">
          <ul>
            {inside.map((l) => (
              <li key={l.href}>
                <a href={l.href} aria-current={path === l.href ? 'page' : l === here.link ? 'true' : undefined}>
                  {t(l.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
