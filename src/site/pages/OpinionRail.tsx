import type { FC } from 'hono/jsx';
import type { ArticleAuthor, ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { renderableUrl } from '../../content/urls.js';
import { joinNames } from '../../reader-ui/format.js';
import type { UploadedPictures } from '../../reader-ui/uploaded-pictures.js';
import { StoredPicture } from '../components/StoredPicture.js';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();

/** The writer's face: opinion is read for who argues it. Decorative beside the name, so alt is empty. */
const WriterPhoto: FC<{ author: ArticleAuthor | undefined; pictures: UploadedPictures | undefined }> = ({ author, pictures }) => {
  const photo = renderableUrl(author?.photoUrl);
  if (photo) return <StoredPicture url={photo} alt="" pictures={pictures} imgClass="writer-photo" box={{ width: 80, height: 80 }} sizes="4rem" />;
  // No photo: the writer's initials in the photo's place, so every column keeps its shape.
  return (
    <span class="writer-photo writer-initials" aria-hidden="true">
      {author ? initials(author.name) : ''}
    </span>
  );
};

/** The home page's opinion rail: each piece led by its writer's photo and name (see ../opinion.ts). */
export const OpinionRail: FC<{ section: Section; articles: ArticleSummary[]; pictures?: UploadedPictures }> = ({ section, articles, pictures }) => (
  <section class="rail opinion-rail" aria-labelledby={`rail-${section.slug}`}>
    <h2 id={`rail-${section.slug}`}>
      <a href={`/${section.slug}`}>{section.name}</a>
    </h2>
    {articles.map((a) => {
      const pictured = a.authors.find((au) => renderableUrl(au.photoUrl)) ?? a.authors[0];
      return (
        <article class="opinion-card">
          <WriterPhoto author={pictured} pictures={pictures} />
          {a.authors.length > 0 && <p class="writer-name">{joinNames(a.authors.map((au) => au.name))}</p>}
          <h3>
            <a href={a.path}>{a.headline}</a>
          </h3>
        </article>
      );
    })}
  </section>
);
