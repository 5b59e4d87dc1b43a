import { Editor, Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Block } from '../../content/blocks.js';
import { isAcceptedUrl } from '../../content/url-rule.js';
import { countWords } from '../../content/word-count.js';
import { startAutosave } from './autosave.js';
import { blockExtensions } from './block-views.js';
import { blocksToDoc, docToBlocks } from './blocks-doc.js';
import { bodyCommands, editLink } from './body-commands.js';
import { enhanceImageUpload, pickImage } from './body-images.js';
import { el } from './dom.js';
import { buildToolbar } from './toolbar.js';
import { wordCountLine } from './word-count.js';

/**
 * The article body editor island: turns the hidden body field (#f-body) into a Tiptap editor
 * with a toolbar, keeps the field in step (so the plain form still saves it), autosaves, and
 * shows the word count. Without JavaScript the page keeps its upload form and plain fields.
 */

const STYLESHEET = '/static/newsroom-editor.css';

/** The page may already link the editor's stylesheet; otherwise the island brings it. */
function ensureStylesheet(): void {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.append(el('link', { rel: 'stylesheet', href: STYLESHEET }));
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('#article-form');
  const field = document.querySelector<HTMLInputElement>('#f-body');
  const mount = document.querySelector<HTMLElement>('#body-editor');
  if (!form || !field || !mount) return;
  // The writing screen's budget (bench/admin-editor.bench.ts) reads these to tell the island's own time from the page's.
  performance.mark('editor:start');
  ensureStylesheet();
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';

  const Shortcuts = Extension.create({
    name: 'broadsheetShortcuts',
    addKeyboardShortcuts: () => ({
      'Mod-k': () => {
        void editLink(editor);
        return true;
      },
    }),
  });

  const editor: Editor = new Editor({
    element: mount,
    // The admin pages' CSP allows no inline styles; newsroom-editor.css styles the editor instead.
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        code: false,
        codeBlock: false,
        strike: false,
        underline: false,
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: false, linkOnPaste: false, isAllowedUri: (url) => isAcceptedUrl(url), HTMLAttributes: { rel: null, target: null } },
      }),
      ...blockExtensions,
      Shortcuts,
    ],
    content: blocksToDoc(JSON.parse(field.value || '[]') as Block[]),
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'body-label', class: 'body-editor' } },
  });

  mount.before(buildToolbar(editor, bodyCommands(editor, () => void pickImage(editor, csrf))));
  const words = el('span', { id: 'word-count' });
  // The page may give the autosave's status a place of its own; otherwise it sits beside the count.
  const status = document.querySelector<HTMLElement>('#autosave-status') ?? el('span', { id: 'autosave-status', role: 'status', 'aria-live': 'polite' });
  mount.after(el('p', { class: 'ed-status-line' }, [...(status.isConnected ? [] : [status]), words]));
  let counting = false;
  const count = () => {
    counting = false;
    words.textContent = wordCountLine(countWords(editor.state.doc.textBetween(0, editor.state.doc.content.size, '\n', '\n')));
  };
  count();

  const sync = () => {
    field.value = JSON.stringify(docToBlocks(editor.getJSON()));
  };
  const autosave = startAutosave({ form, csrf, sync, say: (text) => status && (status.textContent = text) });
  editor.on('update', () => {
    sync();
    autosave.schedule();
    if (!counting) {
      counting = true;
      requestAnimationFrame(count);
    }
  });
  form.addEventListener('input', autosave.schedule);
  form.addEventListener('submit', (event) => autosave.beforeSubmit(event));
  // Ctrl/Cmd+S saves the article (the form's own submit, so autosave and conflicts behave as for the Save button).
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  enhanceImageUpload(editor, csrf);
  performance.mark('editor:ready');
}

start();
