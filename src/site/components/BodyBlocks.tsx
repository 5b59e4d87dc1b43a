import type { FC } from 'hono/jsx';
import type { Block, Inline } from '../../content/blocks.js';
import { renderableUrl } from '../../content/urls.js';
import { formatDate } from '../../reader-ui/format.js';
import { Picture } from '../../reader-ui/Picture.js';

/**
 * Inline text: every string goes through JSX, which escapes it. A link whose stored URL
 * breaks the URL rule (saved before the rule, or by hand) keeps its text without the link;
 * images and embeds below do the same, so one bad URL never costs the page.
 */
export const Inlines: FC<{ content: Inline[] }> = ({ content }) => (
  <>
    {content.map((run) => {
      let node: unknown = run.text;
      if (run.italic) node = <em>{node}</em>;
      if (run.bold) node = <strong>{node}</strong>;
      const href = renderableUrl(run.href);
      if (href) node = <a href={href}>{node}</a>;
      return node;
    })}
  </>
);

/** The one place that maps a block type to its markup. A `priority` image is the page's largest, fetched first. */
export const BodyBlock: FC<{ block: Block; priority?: boolean }> = ({ block, priority = false }) => {
  switch (block.type) {
    case 'paragraph':
      return (
        <p>
          <Inlines content={block.content} />
        </p>
      );
    case 'heading': {
      const Tag = `h${block.level}` as 'h2';
      return <Tag>{block.text}</Tag>;
    }
    case 'quote':
      return (
        <figure class="quote">
          <blockquote>
            <p>
              <Inlines content={block.content} />
            </p>
          </blockquote>
          {block.attribution && <figcaption>{block.attribution}</figcaption>}
        </figure>
      );
    case 'pullquote':
      // A pull quote repeats words already in the body: screen readers would hear them twice.
      return (
        <figure class="pullquote" aria-hidden="true">
          <blockquote>
            <p>{block.text}</p>
          </blockquote>
          {block.attribution && <figcaption>{block.attribution}</figcaption>}
        </figure>
      );
    case 'image': {
      if (!renderableUrl(block.src)) return null;
      return (
        <figure class="image">
          <Picture image={block} sizes="(min-width: 45rem) 45rem, 100vw" box={{ width: 1200, height: 800 }} imgClass={block.width ? undefined : 'unsized'} priority={priority} />
          {(block.caption || block.credit) && (
            <figcaption>
              {block.caption}
              {block.credit && <span class="credit"> {block.credit}</span>}
            </figcaption>
          )}
        </figure>
      );
    }
    case 'list': {
      const items = block.items.map((item) => (
        <li>
          <Inlines content={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'embed':
      return (
        <figure class="embed">
          {renderableUrl(block.url) ? <a href={block.url}>{block.title || block.url}</a> : block.title}
          {block.provider && <figcaption>{block.provider}</figcaption>}
        </figure>
      );
    case 'note':
      return (
        <aside class={`note note-${block.kind}`}>
          <p>
            <strong>
              {block.kind === 'correction' ? 'Correction' : 'Update'}, <time datetime={block.date}>{formatDate(`${block.date}T12:00:00Z`, 'UTC')}</time>:
            </strong>{' '}
            {block.text}
          </p>
        </aside>
      );
    case 'divider':
      return <hr />;
  }
};
