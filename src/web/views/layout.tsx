import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Actor } from '../../platform/authz.ts';
import { t } from '../i18n.ts';

export interface PageInput {
  title: string;
  actor: Actor | null;
  csrf?: string;
  /** Path of the current page, to mark the navigation link. */
  path?: string;
  notice?: string;
  children: ComponentChildren;
}

interface NavLink {
  href: string;
  label: string;
  admin?: boolean;
}

// Later modules add their sections here so one navigation lists the whole platform.
const navLinks: NavLink[] = [
  { href: '/', label: 'Home' },
  { href: '/me/notifications', label: 'Notifications' },
  { href: '/me/hats', label: 'Your hats' },
  { href: '/me/profile', label: 'Your profile' },
  { href: '/invitations', label: 'Invite someone', admin: true },
  { href: '/admin/outbox', label: 'Outgoing mail', admin: true },
];

export function addNavLink(link: NavLink): void {
  navLinks.splice(navLinks.length - 1, 0, link);
}

function Layout({ title, actor, csrf, path, notice, children }: PageInput) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Care Circles`}</title>
        <link rel="stylesheet" href="/static/pico.min.css" />
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('Skip to main content')}
        </a>
        <header class="container site-header">
          <nav aria-label={t('Main')}>
            <ul>
              <li>
                <a href="/" class="brand">
                  Care Circles
                </a>
              </li>
            </ul>
            {actor ? (
              <ul>
                {navLinks
                  .filter((link) => !link.admin || actor.isAdmin)
                  .map((link) => (
                    <li key={link.href}>
                      <a href={link.href} aria-current={path === link.href ? 'page' : undefined}>
                        {t(link.label)}
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
            ) : (
              <ul>
                <li>
                  <a href="/sign-in">{t('Sign in')}</a>
                </li>
              </ul>
            )}
          </nav>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="container site-footer">
          <small>{t('Care Circles: care that belongs to the people in it.')}</small>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(input: PageInput): string {
  return `<!doctype html>${renderToString(<Layout {...input} />)}`;
}
