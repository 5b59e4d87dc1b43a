import type { Editor } from '@tiptap/core';
import { isAbsoluteHttpUrl, isAcceptedUrl, urlRuleMessage } from '../../content/url-rule.js';
import { insertBlockAfterCursor } from './block-views.js';
import { askInDialog } from './form-dialog.js';
import type { ToolbarCommand } from './toolbar.js';

const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/**
 * Asks for a link address for the selection (or the link at the cursor), refusing one that
 * breaks the site's URL rule with the rule in words; "Remove link" takes the link off.
 */
export async function editLink(editor: Editor): Promise<void> {
  const current = editor.getAttributes('link').href as string | undefined;
  // The dialog takes the focus; the selection it applies to is the one the editor had.
  const { from, to } = editor.state.selection;
  const answer = await askInDialog({
    title: current ? 'Edit link' : 'Add a link',
    fields: [{ name: 'href', label: 'Link address', value: current, hint: 'https://… or a path on this site, like /world/…', check: (v) => (isAcceptedUrl(v) ? undefined : `The address ${urlRuleMessage}.`) }],
    submitLabel: 'Apply link',
    extraAction: current ? { value: 'remove', label: 'Remove link' } : undefined,
  });
  const chain = editor.chain().focus().setTextSelection({ from, to });
  if (!answer) return void chain.run();
  if (answer.action === 'remove') return void chain.extendMarkRange('link').unsetLink().run();
  const href = answer.values.href!;
  if (from === to && !current) chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
  else {
    // The caret goes to the link's end, so the next keystroke types after it rather than over it.
    chain.extendMarkRange('link').setLink({ href }).run();
    editor.commands.setTextSelection(editor.state.selection.to);
  }
}

/** Asks for an embed's address (another site's page: a video, a post, a map) and title. */
async function insertEmbed(editor: Editor): Promise<void> {
  const answer = await askInDialog({
    title: 'Embed from another site',
    fields: [
      { name: 'url', label: 'Address of the page to embed', hint: 'https://…', check: (v) => (isAbsoluteHttpUrl(v) ? undefined : 'The address must be a web address starting with https:// (or http://).') },
      { name: 'title', label: 'Title readers see', check: (v) => (v ? undefined : 'Give the embed a title.') },
    ],
    submitLabel: 'Insert embed',
  });
  editor.commands.focus();
  if (answer) insertBlockAfterCursor(editor, { type: 'embed', url: answer.values.url!, title: answer.values.title! });
}

/** A pull quote after the current paragraph, filled with the selected words (a pull quote repeats the text). */
function insertPullQuote(editor: Editor): void {
  const { from, to } = editor.state.selection;
  const text = editor.state.doc.textBetween(from, to, ' ').trim().slice(0, 1000);
  insertBlockAfterCursor(editor, { type: 'pullquote', text });
}

/** The toolbar, in the order an editor reaches for things. */
export function bodyCommands(editor: Editor, insertImage: () => void): ToolbarCommand[] {
  const chain = () => editor.chain().focus();
  return [
    { label: 'Bold', face: 'B', title: `Bold (${mod}B)`, run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    { label: 'Italic', face: 'I', title: `Italic (${mod}I)`, run: () => chain().toggleItalic().run(), active: () => editor.isActive('italic') },
    { label: 'Link', title: `Link (${mod}K)`, run: () => void editLink(editor), active: () => editor.isActive('link') },
    { label: 'Heading', face: 'H2', group: true, run: () => chain().toggleHeading({ level: 2 }).run(), active: () => editor.isActive('heading', { level: 2 }) },
    { label: 'Subheading', face: 'H3', run: () => chain().toggleHeading({ level: 3 }).run(), active: () => editor.isActive('heading', { level: 3 }) },
    { label: 'Quote', face: '“ ”', run: () => chain().toggleBlockquote().run(), active: () => editor.isActive('blockquote') },
    { label: 'Bulleted list', face: '• List', run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    { label: 'Numbered list', face: '1. List', run: () => chain().toggleOrderedList().run(), active: () => editor.isActive('orderedList') },
    { label: 'Pull quote', group: true, run: () => insertPullQuote(editor) },
    { label: 'Image', run: insertImage },
    { label: 'Embed', run: () => void insertEmbed(editor) },
    { label: 'Divider', face: '—', run: () => chain().setHorizontalRule().run() },
  ];
}
