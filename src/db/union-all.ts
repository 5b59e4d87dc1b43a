import type { SelectQueryBuilder } from 'kysely';

/**
 * The arms as one UNION ALL, in their order. An arm with an ORDER BY or LIMIT of its own must sit
 * in a subquery (`db.selectFrom(arm.as('name'))`): SQLite takes ORDER BY and LIMIT on a compound's
 * last arm only, for the whole compound.
 *
 * @example unionAll(topicIds.map((id) => db.selectFrom(newestOf(id).as(`topic${id}`)).selectAll()))
 */
export function unionAll<Arm extends SelectQueryBuilder<any, any, any>>(arms: readonly Arm[]): Arm {
  const [first, ...rest] = arms;
  if (!first) throw new Error('unionAll needs at least one arm');
  return rest.reduce<Arm>((all, arm) => all.unionAll(arm) as Arm, first);
}
