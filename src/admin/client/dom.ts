/** A small element builder for the islands: attributes set as attributes, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

let counter = 0;
/** An id unique on the page, for label/for and aria-describedby pairs made by script. */
export const uniqueId = (prefix: string) => `${prefix}-${++counter}`;
