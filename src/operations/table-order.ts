import { BroadsheetError } from '../errors.js';

/** A table to copy and the tables its foreign keys point at. */
export interface TableDependencies {
  name: string;
  references: string[];
}

/**
 * Orders tables so that every table comes after the tables it references, which is the order
 * rows can be inserted with foreign keys checked. Ties keep the given order (so the same schema
 * always gives the same order); a reference to a table outside the list, or to itself, does not
 * constrain. A cycle cannot be loaded row by row and is refused by name.
 *
 * @example insertOrder([{ name: 'articles', references: ['sections'] }, { name: 'sections', references: [] }]) // ['sections', 'articles']
 */
export function insertOrder(tables: TableDependencies[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const waitingOn = new Map(tables.map((t) => [t.name, new Set(t.references.filter((r) => r !== t.name && names.has(r)))]));
  const order: string[] = [];
  while (waitingOn.size) {
    const ready = [...waitingOn].filter(([, refs]) => refs.size === 0).map(([name]) => name);
    if (!ready.length) throw new BroadsheetError(`These tables reference each other in a cycle and cannot be copied in order: ${[...waitingOn.keys()].join(', ')}`);
    for (const name of ready) {
      order.push(name);
      waitingOn.delete(name);
      for (const refs of waitingOn.values()) refs.delete(name);
    }
  }
  return order;
}
