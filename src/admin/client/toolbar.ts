import type { Editor } from '@tiptap/core';
import { el } from './dom.js';

export interface ToolbarCommand {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (a glyph or a short word); the label when absent. */
  face?: string;
  /** Shown on hover, e.g. the keyboard shortcut. */
  title?: string;
  run: () => void;
  /** For toggles: whether the format is on at the cursor (sets aria-pressed). */
  active?: () => boolean;
  /** Starts a new group (drawn with a separator). */
  group?: boolean;
}

/**
 * The body's formatting toolbar (WAI-ARIA toolbar pattern): one Tab stop, the arrow keys,
 * Home and End move between buttons; toggles say whether they are on with aria-pressed.
 */
export function buildToolbar(editor: Editor, commands: ToolbarCommand[]): HTMLElement {
  const bar = el('div', { id: 'editor-toolbar', class: 'ed-toolbar', role: 'toolbar', 'aria-label': 'Body formatting', 'aria-controls': 'body-editor' });
  const buttons = commands.map((command, i) => {
    // A glyph is hidden from assistive technology and the name is read instead: no aria-label, so the name is the text.
    const face = command.face ? [el('span', { 'aria-hidden': 'true' }, [command.face]), el('span', { class: 'ed-visually-hidden' }, [command.label])] : [command.label];
    const button = el('button', { type: 'button', title: command.title ?? command.label, tabindex: i === 0 ? '0' : '-1', class: command.group ? 'ed-group' : undefined, 'data-command': command.label }, face);
    // Keeps the focus and selection in the text on a mouse click, so typing straight after goes into it.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => command.run());
    bar.append(button);
    return button;
  });

  bar.addEventListener('keydown', (event) => {
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = buttons[(to + buttons.length) % buttons.length]!;
    buttons.forEach((b) => (b.tabIndex = b === next ? 0 : -1));
    next.focus();
  });

  const refresh = () =>
    commands.forEach((command, i) => {
      if (command.active) buttons[i]!.setAttribute('aria-pressed', String(command.active()));
    });
  editor.on('transaction', refresh);
  refresh();
  return bar;
}
