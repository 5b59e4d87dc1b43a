import { raw } from 'hono/html';
import { tryGetContext } from 'hono/context-storage';
import type { Child, FC } from 'hono/jsx';
import { can, type DeskAction } from '../../accounts/policy.js';
import type { NewsroomEnv } from '../env.js';
import { Csrf } from './Form.js';

/** The newsroom's pages; desk pages show only to those who may use them (the server checks again). */
const links: Array<[href: string, label: string, needs?: DeskAction]> = [
  ['/admin/articles', 'Articles'],
  ['/admin/articles/new', 'New'],
  ['/admin/media', 'Media'],
  ['/admin/sections', 'Sections', 'taxonomy.manage'],
  ['/admin/authors', 'Authors', 'taxonomy.manage'],
  ['/admin/topics', 'Topics', 'taxonomy.manage'],
  ['/admin/print-issues', 'Print issues', 'printIssues.manage'],
  ['/admin/partners', 'Partners', 'partners.manage'],
  ['/admin/newsletters', 'Newsletters', 'newsletters.manage'],
  ['/admin/users', 'Users', 'users.manage'],
  ['/admin/settings', 'Settings', 'settings.manage'],
];

export interface AdminLayoutProps {
  title: string;
  scripts?: string[];
  /** Pages outside a session (sign-in, password reset) show no navigation. */
  signedOut?: boolean;
  children?: Child;
}

/**
 * The newsroom page frame. The signed-in user and the session's CSRF token come from the
 * request (hono/context-storage), so page components need not thread them through.
 */
export const AdminLayout: FC<AdminLayoutProps> = ({ title, scripts = [], signedOut = false, children }) => {
  const c = signedOut ? undefined : tryGetContext<NewsroomEnv>();
  const user = c?.var.user;
  const path = c?.req.path ?? '';
  const current = (href: string) => (path === href || (href !== '/admin/articles' && href !== '/admin/articles/new' && path.startsWith(`${href}/`)) ? 'page' : undefined);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${title} | Newsroom`}</title>
          <link rel="stylesheet" href="/static/site.css" />
          {scripts.map((src) => (
            <script type="module" src={src} />
          ))}
        </head>
        <body class="admin">
          <header>
            {user && (
              <nav aria-label="Newsroom">
                <ul class="admin-nav">
                  {links
                    .filter(([, , needs]) => !needs || can(user, needs))
                    .map(([href, label]) => (
                      <li>
                        <a href={href} aria-current={current(href)}>
                          {label}
                        </a>
                      </li>
                    ))}
                  <li>
                    <a href="/admin/account" aria-current={current('/admin/account')}>
                      {user.name}
                    </a>
                  </li>
                  <li>
                    <form method="post" action="/admin/logout" class="inline">
                      <Csrf token={c.var.csrfToken} />
                      <button type="submit">Sign out</button>
                    </form>
                  </li>
                </ul>
              </nav>
            )}
          </header>
          <main id="main">
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
};
