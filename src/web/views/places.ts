import type { Actor } from '../../platform/authz.ts';

// The navigation is a few places named in the co-op's words; every page a module offers in
// the navigation belongs to one of them, and each place has a page listing what is inside it
// (ADR 0019). Modules declare their pages with addNavLink at load time.

export type PlaceKey = 'today' | 'teams' | 'circles' | 'coop' | 'me' | 'admin';

export interface Place {
  key: PlaceKey;
  label: string;
  href: string;
  /** What a person finds there, said on the place's own page. */
  hint: string;
  admin?: boolean;
  /** Paths with no navigation link of their own that still belong here (a proposal belongs to Circles). */
  covers: string[];
}

export const places: readonly Place[] = [
  { key: 'today', label: 'Today', href: '/', hint: 'What needs you now, your next visits and your teams.', covers: [] },
  { key: 'teams', label: 'Teams', href: '/teams', hint: 'The teams you are in: people, visits, care logs, money and chats.', covers: ['/teams', '/notes', '/expenses', '/calendar'] },
  { key: 'circles', label: 'Circles', href: '/circles', hint: 'The circles of the co-op, their meetings, proposals and decisions.', covers: ['/circles', '/proposals', '/meetings', '/selections', '/appeals'] },
  { key: 'coop', label: 'Co-op', href: '/co-op', hint: 'Membership, general meetings, concerns, starting teams and the co-op’s pools.', covers: ['/resolutions', '/conflicts', '/enquiries', '/matching', '/people'] },
  { key: 'me', label: 'Me', href: '/me', hint: 'Your profile, hats, notifications, devices, credits and who has seen your records.', covers: ['/me'] },
  { key: 'admin', label: 'Admin', href: '/admin', hint: 'Inviting people and the outgoing mail.', admin: true, covers: ['/admin'] },
];

/** Places whose page is drawn from this registry (places-routes.tsx); Today, Teams and Circles are their module's own pages. */
export const hubPlaces: ReadonlySet<PlaceKey> = new Set(['coop', 'me', 'admin']);

export interface NavLink {
  place: PlaceKey;
  href: string;
  label: string;
  /** One line on the place's page saying what the page is for. */
  hint?: string;
  /** Shown to the co-op's admins only (the route refuses everyone else). */
  admin?: boolean;
  /** Deeper paths that count as this page for marking the navigation (/visits/:id is under My visits). */
  within?: string[];
}

// The platform's own pages; modules add theirs with addNavLink.
const navLinks: NavLink[] = [
  { place: 'teams', href: '/teams', label: 'Your teams', hint: 'Your teams, with the invitations and requests waiting for you.' },
  { place: 'me', href: '/me/profile', label: 'Your profile', hint: 'Your name, how to reach you and what helps you read the pages.' },
  { place: 'me', href: '/me/hats', label: 'Your hats', hint: 'The roles you hold in circles and teams, and when their terms end.' },
  { place: 'me', href: '/me/notifications', label: 'Notifications', hint: 'What has happened that needs your response.' },
  { place: 'me', href: '/me/devices', label: 'Your devices', hint: 'Where you are signed in; sign out a lost phone.' },
  { place: 'me', href: '/me/tokens', label: 'API tokens', hint: 'Keys for other programs that act for you.' },
  { place: 'admin', href: '/invitations', label: 'Invite someone', admin: true, hint: 'Send an invitation to join the platform.' },
  { place: 'admin', href: '/admin/outbox', label: 'Outgoing mail', admin: true, hint: 'Mail the platform has sent or is keeping.' },
];

/** A module says which place its page belongs to; the place's page and menu list it. */
export function addNavLink(link: NavLink): void {
  if (!places.some((p) => p.key === link.place)) throw new Error(`Unknown place ${link.place}`);
  navLinks.push(link);
}

const mayUse = (item: { admin?: boolean }, actor: Actor): boolean => !item.admin || actor.isAdmin;

export const placesFor = (actor: Actor): Place[] => places.filter((p) => mayUse(p, actor));

/** The pages inside a place that this person may use, in the order the modules declared them. */
export function linksIn(place: PlaceKey, actor: Actor): NavLink[] {
  return navLinks.filter((l) => l.place === place && mayUse(l, actor));
}

const under = (path: string, prefix: string): boolean => prefix === '/' ? path === '/' : path === prefix || path.startsWith(`${prefix}/`);

/** Where a path sits: its place and the navigation link it is (or is under), by the longest matching prefix. */
export function locate(path: string): { place?: PlaceKey; link?: NavLink } {
  let best: { length: number; place: PlaceKey; link?: NavLink } | undefined;
  const consider = (prefix: string, place: PlaceKey, link?: NavLink) => {
    if (under(path, prefix) && (!best || prefix.length > best.length || (prefix.length === best.length && link && !best.link))) best = { length: prefix.length, place, link };
  };
  for (const p of places) {
    consider(p.href, p.key);
    for (const prefix of p.covers) consider(prefix, p.key);
  }
  for (const l of navLinks) {
    consider(l.href, l.place, l);
    for (const prefix of l.within ?? []) consider(prefix, l.place, l);
  }
  return best ? { place: best.place, link: best.link } : {};
}
