import type { FastifyInstance } from 'fastify';
import { defineAction, requireActor } from '../platform/authz.ts';
import { t } from './i18n.ts';
import { sendPage } from './render.tsx';
import { addRoute } from './routing.ts';
import { type PlaceKey, hubPlaces, linksIn, places } from './views/places.ts';

const viewPlace = defineAction('platform.places', { audience: 'signed-in', description: 'See what is inside a place of the navigation (Co-op, Me)' });
const viewAdminPlace = defineAction('platform.places.admin', { audience: 'admin', description: 'See the admin pages' });

/** The pages of the places that have no module page of their own: Co-op, Me and Admin, drawn from the navigation registry. */
export function registerPlaceRoutes(app: FastifyInstance): void {
  for (const place of places.filter((p) => hubPlaces.has(p.key))) {
    addRoute(app, {
      method: 'GET',
      url: place.href,
      action: place.admin ? viewAdminPlace : viewPlace,
      kind: 'page',
      summary: `${place.label}: the pages inside it`,
      handler: async (req, reply) => {
        const actor = requireActor(req.actor);
        return sendPage(req, reply, { title: t(place.label), body: <PlacePage place={place.key} links={linksIn(place.key, actor)} hint={place.hint} label={place.label} /> });
      },
    });
  }
}

function PlacePage({ label, hint, links }: { place: PlaceKey; label: string; hint: string; links: ReturnType<typeof linksIn> }) {
  return (
    <>
      <h1>{t(label)}</h1>
      <p>{t(hint)}</p>
      <ul class="place-list">
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href}>{t(l.label)}</a>
            {l.admin ? <> <span class="tag">{t('admins only')}</span></> : null}
            {l.hint ? <span class="hint">{t(l.hint)}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
