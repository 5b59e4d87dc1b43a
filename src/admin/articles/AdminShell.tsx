import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';

/** The newsroom page frame for the article pages (the accounts work's AdminLayout can replace it). */
export const AdminShell: FC<{ title: string; scripts?: string[]; children?: Child }> = ({ title, scripts = [], children }) => (
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
          <nav aria-label="Newsroom">
            <a href="/admin/articles">Articles</a> · <a href="/admin/articles/new">New article</a>
          </nav>
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  </>
);
