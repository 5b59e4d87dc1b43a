import type { FC } from 'hono/jsx';
import type { Section } from '../content/taxonomy.js';

/** The sections as a list of links to their fronts: the masthead's navigation and the error pages' way on. */
export const SectionLinks: FC<{ sections: Array<Pick<Section, 'slug' | 'name'>> }> = ({ sections }) => (
  <ul>
    {sections.map((s) => (
      <li>
        <a href={`/${s.slug}`}>{s.name}</a>
      </li>
    ))}
  </ul>
);
