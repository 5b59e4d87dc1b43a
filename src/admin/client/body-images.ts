import type { Editor } from '@tiptap/core';
import type { Block } from '../../content/blocks.js';
import { insertBlockAfterCursor } from './block-views.js';
import { openMediaPicker } from './media-picker.js';

type ImageBlock = Extract<Block, { type: 'image' }>;

/** Uploads through the page's upload form (#body-image-form) and puts the image after the cursor. */
export function enhanceImageUpload(editor: Editor, csrf: string): void {
  const upload = document.querySelector<HTMLFormElement>('#body-image-form');
  const status = document.querySelector<HTMLElement>('#image-status');
  if (!upload) return;
  upload.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (status) status.textContent = 'Uploading…';
    const res = await fetch(upload.action, { method: 'POST', body: new FormData(upload), headers: { accept: 'application/json', 'x-csrf-token': csrf } });
    const answer = (await res.json().catch(() => ({}))) as { block?: ImageBlock; error?: string };
    if (!res.ok || !answer.block) {
      if (status) status.textContent = `Not uploaded: ${answer.error ?? res.statusText}`;
      return;
    }
    editor.commands.focus();
    insertBlockAfterCursor(editor, answer.block);
    editor.commands.focus();
    upload.reset();
    if (status) status.textContent = 'Image added to the body.';
  });
}

/** The toolbar's Image button: the media library's picker (choose or upload), the image going after the cursor. */
export async function pickImage(editor: Editor, csrf: string): Promise<void> {
  // The picker takes the focus; the image goes where the cursor was.
  const { from, to } = editor.state.selection;
  const chosen = await openMediaPicker({ csrf, title: 'Add an image to the body' });
  editor.chain().focus().setTextSelection({ from, to }).run();
  if (chosen) insertBlockAfterCursor(editor, chosen.block);
}
