import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Actor } from '../../platform/authz.ts';
import { t } from '../i18n.ts';
import { SiteNav } from './site-nav.tsx';

export interface PageInput {
  title: string;
  actor: Actor | null;
  csrf?: string;
  /** Path of the current page, to mark the navigation link. */
  path?: string;
  notice?: string;
  children: ComponentChildren;
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
          <a href="/" class="brand">
            Care Circles
          </a>
          {actor ? <SiteNav actor={actor} csrf={csrf} path={path ?? ''} /> : (
            <nav aria-label={t('Main')} class="site-nav">
              <a href="/sign-in">{t('Sign in')}</a>
            </nav>
          )}
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
