/** The publication's own actor; every other actor is an author, `author-<id>`. */
export const PUBLICATION = 'publication';

export const authorActor = (id: number) => `author-${id}`;

/** The author id an actor identifier names, if it names one. */
export const authorIdOf = (identifier: string) => (/^author-\d+$/.test(identifier) ? Number(identifier.slice(7)) : undefined);
