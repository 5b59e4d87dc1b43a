import { raw } from 'hono/html';
import { tryGetContext } from 'hono/context-storage';
import type { Child, FC } from 'hono/jsx';
import { can, type DeskAction } from '../../accounts/policy.js';
import type { NewsroomEnv } from '../env.js';
import { Csrf } from './Form.js';
import { TOAST_PARAM, toastFor } from './toast.js';

interface NavLink {
  href: string;
  label: string;
  needs?: DeskAction;
}

/** The newsroom's places, grouped as an editor thinks of them; desk pages show only to those who may use them (the services check again). */
const groups: Array<{ label: string; links: NavLink[] }> = [
  {
    label: 'Write',
    links: [
      { href: '/admin', label: 'Dashboard' },
      { href: '/admin/articles/new', label: 'New article' },
    ],
  },
  {
    label: 'Content',
    links: [
      { href: '/admin/articles', label: 'Articles' },
      { href: '/admin/media', label: 'Media' },
      { href: '/admin/fronts', label: 'Fronts', needs: 'fronts.manage' },
      { href: '/admin/pages', label: 'Pages', needs: 'pages.manage' },
      { href: '/admin/sections', label: 'Sections', needs: 'taxonomy.manage' },
      { href: '/admin/authors', label: 'Authors', needs: 'taxonomy.manage' },
      { href: '/admin/topics', label: 'Topics', needs: 'taxonomy.manage' },
      { href: '/admin/print-issues', label: 'Print issues', needs: 'printIssues.manage' },
      { href: '/admin/partners', label: 'Partners', needs: 'partners.manage' },
    ],
  },
  {
    label: 'Audience',
    links: [
      { href: '/admin/analytics', label: 'Analytics', needs: 'analytics.own' },
      { href: '/admin/newsletters', label: 'Newsletters', needs: 'newsletters.manage' },
      { href: '/admin/members', label: 'Members', needs: 'members.manage' },
      { href: '/admin/plans', label: 'Plans', needs: 'plans.manage' },
    ],
  },
  {
    label: 'Settings',
    links: [
      { href: '/admin/users', label: 'Users', needs: 'users.manage' },
      { href: '/admin/settings', label: 'Site settings', needs: 'settings.manage' },
      { href: '/admin/integrations', label: 'Integrations', needs: 'settings.manage' },
      { href: '/admin/webhooks', label: 'Webhooks', needs: 'settings.manage' },
    ],
  },
];

/** The one link the page belongs to: the longest that is the path or a folder above it ('/admin' only itself). */
function currentHref(path: string): string | undefined {
  const all = groups.flatMap((g) => g.links.map((l) => l.href));
  return all
    .filter((href) => path === href || (href !== '/admin' && path.startsWith(`${href}/`) && !all.some((other) => other !== href && other.startsWith(href) && path.startsWith(other))))
    .sort((a, b) => b.length - a.length)[0];
}

export interface AdminLayoutProps {
  title: string;
  scripts?: string[];
  /** Page stylesheets beside newsroom.css, for one area's own parts. */
  styles?: string[];
  /** Pages outside a session (sign-in, password reset) show no navigation. */
  signedOut?: boolean;
  /** Buttons and links in the page header, beside the title. */
  actions?: Child;
  /** 'wide' for tables and grids, 'full' for the writing screen. */
  width?: 'normal' | 'wide' | 'full';
  children?: Child;
}

/**
 * The newsroom page frame: sidebar navigation, page header with the page's actions, and a
 * toast for what the last form did. The signed-in user, CSRF token and site name come
 * from the request (hono/context-storage), so page components need not thread them through.
 */
export const AdminLayout: FC<AdminLayoutProps> = ({ title, scripts = [], styles = [], signedOut = false, actions, width = 'normal', children }) => {
  const c = tryGetContext<NewsroomEnv>();
  const user = signedOut ? undefined : c?.var.user;
  const path = c?.req.path ?? '';
  const current = currentHref(path);
  const toast = c ? toastFor(c.req.query(TOAST_PARAM)) : undefined;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          {c && <meta name="newsroom-time-zone" content={c.var.timeZone} />}
          <title>{`${title} | Newsroom`}</title>
          <link rel="stylesheet" href="/static/newsroom.css" />
          {styles.map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          <script type="module" src="/static/newsroom.js" />
          {scripts.map((src) => (
            <script type="module" src={src} />
          ))}
        </head>
        <body class={user ? 'nr nr-signed-in' : 'nr nr-signed-out'}>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          {user ? (
            <div class="nr-frame">
              <header class="nr-sidebar">
                <div class="nr-brand">
                  <a href="/admin">Newsroom</a>
                  <a href="/" class="nr-site-link">
                    View site
                  </a>
                </div>
                <nav aria-label="Newsroom" id="nr-nav" class="nr-nav">
                  {groups.map((group) => {
                    const links = group.links.filter((l) => !l.needs || can(user, l.needs));
                    if (links.length === 0) return null;
                    return (
                      <div class="nr-nav-group">
                        <p class="nr-nav-heading">{group.label}</p>
                        <ul>
                          {links.map((l) => (
                            <li>
                              <a href={l.href} aria-current={l.href === current ? 'page' : undefined}>
                                {l.label}
                              </a>
                            </li>
                          ))}
                        </ul>
                      </div>
                    );
                  })}
                </nav>
                <div class="nr-user">
                  {/* The account is reached by one's own name, as in most newsrooms' tools; the sidebar then fits a laptop's 768 px. */}
                  <a href="/admin/account" class="nr-user-name" aria-current={path === '/admin/account' ? 'page' : undefined}>
                    <span class="visually-hidden">Your account: </span>
                    {user.name}
                  </a>
                  <form method="post" action="/admin/logout">
                    <Csrf token={c!.var.csrfToken} />
                    <button type="submit" class="btn btn-quiet btn-small">
                      Sign out
                    </button>
                  </form>
                </div>
              </header>
              <Main title={title} actions={actions} width={width} toast={toast}>
                {children}
              </Main>
            </div>
          ) : (
            <div class="nr-solo">
              <header>
                <p class="nr-brand nr-brand-solo">Newsroom</p>
              </header>
              <Main title={title} actions={actions} width="normal" toast={toast}>
                {children}
              </Main>
            </div>
          )}
        </body>
      </html>
    </>
  );
};

const Main: FC<{ title: string; actions?: Child; width: string; toast?: string; children?: Child }> = ({ title, actions, width, toast, children }) => (
  <main id="main" class={`nr-main nr-width-${width}`} tabindex={-1}>
    <div class="nr-page-header">
      <h1>{title}</h1>
      {actions && <div class="nr-actions">{actions}</div>}
    </div>
    <div class="toast-region" role="status" aria-live="polite">
      {toast && <p class="toast">{toast}</p>}
    </div>
    {children}
  </main>
);
