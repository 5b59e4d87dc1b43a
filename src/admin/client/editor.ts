import { Editor, Node } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { Block } from '../../content/blocks.js';
import { blocksToDoc, docToBlocks, PRESERVED } from './blocks-doc.js';

/**
 * The article editor island: turns the hidden body field into a Tiptap editor,
 * keeps the field in step (so the plain form still saves it) and autosaves with
 * the version the page was loaded at. A conflict is shown; the text stays put.
 */

const AUTOSAVE_DELAY_MS = 1500;

/** Blocks Tiptap does not edit (images, pull quotes, embeds, notes) sit in the document as labelled atoms. */
const PreservedBlock = Node.create({
  name: PRESERVED,
  group: 'block',
  atom: true,
  selectable: true,
  addAttributes: () => ({ block: { default: null, rendered: false } }),
  parseHTML: () => [{ tag: 'div[data-preserved-block]' }],
  renderHTML: ({ node }) => {
    const block = node.attrs.block as Block | null;
    const label = !block ? 'Block' : block.type === 'image' ? `Image: ${block.alt}` : block.type === 'note' ? `${block.kind} note: ${block.text}` : `${block.type}`;
    return ['div', { 'data-preserved-block': '', class: 'preserved-block' }, label];
  },
});

function toolbar(editor: Editor): HTMLElement {
  const bar = document.createElement('div');
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Body formatting');
  const buttons: Array<[string, () => boolean, () => boolean]> = [
    ['Bold', () => editor.chain().focus().toggleBold().run(), () => editor.isActive('bold')],
    ['Italic', () => editor.chain().focus().toggleItalic().run(), () => editor.isActive('italic')],
    ['Heading', () => editor.chain().focus().toggleHeading({ level: 2 }).run(), () => editor.isActive('heading', { level: 2 })],
    ['Subheading', () => editor.chain().focus().toggleHeading({ level: 3 }).run(), () => editor.isActive('heading', { level: 3 })],
    ['Quote', () => editor.chain().focus().toggleBlockquote().run(), () => editor.isActive('blockquote')],
    ['Bulleted list', () => editor.chain().focus().toggleBulletList().run(), () => editor.isActive('bulletList')],
    ['Numbered list', () => editor.chain().focus().toggleOrderedList().run(), () => editor.isActive('orderedList')],
  ];
  const refresh: Array<() => void> = [];
  for (const [label, run, active] of buttons) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    // Keeps focus and the selection in the editor on a mouse click, so that typing straight after goes into the text.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => run());
    refresh.push(() => button.setAttribute('aria-pressed', String(active())));
    bar.append(button);
  }
  editor.on('transaction', () => refresh.forEach((r) => r()));
  refresh.forEach((r) => r());
  return bar;
}

function formFields(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && key !== 'version' && key !== '_csrf') fields[key] = value;
  });
  return fields;
}

/** Uploads through /admin/media and puts the resulting image block at the cursor. */
function enhanceImageUpload(editor: Editor, csrf: string): void {
  const upload = document.querySelector<HTMLFormElement>('#body-image-form');
  const status = document.querySelector<HTMLElement>('#image-status');
  if (!upload) return;
  upload.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (status) status.textContent = 'Uploading…';
    const res = await fetch(upload.action, { method: 'POST', body: new FormData(upload), headers: { accept: 'application/json', 'x-csrf-token': csrf } });
    const answer = (await res.json().catch(() => ({}))) as { block?: Block; error?: string };
    if (!res.ok || !answer.block) {
      if (status) status.textContent = `Not uploaded: ${answer.error ?? res.statusText}`;
      return;
    }
    editor.chain().focus().insertContent({ type: PRESERVED, attrs: { block: answer.block } }).run();
    upload.reset();
    if (status) status.textContent = 'Image added to the body.';
  });
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('#article-form');
  const field = document.querySelector<HTMLInputElement>('#f-body');
  const mount = document.querySelector<HTMLElement>('#body-editor');
  if (!form || !field || !mount) return;
  const status = document.querySelector<HTMLElement>('#autosave-status');
  const versionField = form.querySelector<HTMLInputElement>('input[name="version"]');
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const articleId = form.dataset.articleId;
  const say = (text: string) => {
    if (status) status.textContent = text;
  };

  const editor = new Editor({
    element: mount,
    // The admin pages' CSP allows no inline styles; site.css styles the editor instead.
    injectCSS: false,
    extensions: [StarterKit.configure({ code: false, codeBlock: false, strike: false, underline: false, horizontalRule: false }), PreservedBlock],
    content: blocksToDoc(JSON.parse(field.value || '[]') as Block[]),
    editorProps: { attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'body-label', class: 'body-editor' } },
  });
  mount.before(toolbar(editor));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let conflicted = false;
  const sync = () => {
    field.value = JSON.stringify(docToBlocks(editor.getJSON()));
  };

  // One autosave at a time: a second one sent with the same version would conflict with the first.
  let saving: Promise<void> | undefined;
  let again = false;
  async function autosave(): Promise<void> {
    if (!articleId || !versionField || conflicted) return;
    if (saving) {
      again = true;
      return;
    }
    saving = saveOnce();
    try {
      await saving;
    } finally {
      saving = undefined;
      if (again) {
        again = false;
        void autosave();
      }
    }
  }

  async function saveOnce(): Promise<void> {
    if (!articleId || !versionField) return;
    sync();
    say('Saving…');
    try {
      const res = await fetch(`/admin/articles/${articleId}/autosave`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ version: Number(versionField.value), fields: formFields(form!) }),
      });
      const answer = (await res.json()) as { version?: number; savedAt?: string; stored?: string; error?: string; currentVersion?: number };
      if (res.status === 409) {
        conflicted = true;
        say(`Not saved: someone else saved version ${answer.currentVersion}. Your text is still here; copy it, then reload.`);
        return;
      }
      if (!res.ok) return say(`Not saved: ${answer.error ?? res.statusText}`);
      versionField.value = String(answer.version);
      say(answer.stored === 'autosave' ? 'Draft of your changes kept (the live article is unchanged until you save).' : `Saved at ${new Date(answer.savedAt!).toLocaleTimeString()}`);
    } catch {
      say('Not saved: the connection failed. Your text is still here.');
    }
  }

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
  };
  editor.on('update', () => {
    sync();
    schedule();
  });
  form.addEventListener('input', schedule);
  enhanceImageUpload(editor, csrf);
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    sync();
    // Let a running autosave finish first, so the form posts the version it produced.
    if (saving) {
      event.preventDefault();
      void saving.finally(() => {
        sync();
        form.submit();
      });
    }
  });
}

start();
