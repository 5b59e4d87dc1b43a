import { el, uniqueId } from './dom.js';

export interface DialogField {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  /** The problem with a value, said in words, or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

export interface DialogAnswer {
  /** The value of the button that closed the dialog (`submitLabel`'s is 'ok'). */
  action: string;
  values: Record<string, string>;
}

/**
 * Asks for a few values in a modal <dialog> (focus held inside by showModal, Escape cancels)
 * and resolves with them, or null when cancelled. A value that fails its check keeps the
 * dialog open with the problem named beside the field. The dialog sits outside every form:
 * a form inside the article form would not be valid HTML.
 */
export function askInDialog(options: { title: string; fields: DialogField[]; submitLabel: string; extraAction?: { value: string; label: string } }): Promise<DialogAnswer | null> {
  const titleId = uniqueId('ed-dialog-title');
  const dialog = el('dialog', { class: 'ed-dialog', 'aria-labelledby': titleId });
  const form = el('form', { method: 'dialog', novalidate: true });
  const inputs = options.fields.map((field) => {
    const id = uniqueId(`ed-${field.name}`);
    const hintId = field.hint ? `${id}-hint` : undefined;
    const input = el('input', { id, type: 'text', name: field.name, 'aria-describedby': [hintId, `${id}-error`].filter(Boolean).join(' ') });
    input.value = field.value ?? '';
    const error = el('p', { id: `${id}-error`, class: 'ed-dialog-error' });
    form.append(el('p', { class: 'ed-dialog-field' }, [el('label', { for: id }, [field.label]), input, ...(field.hint ? [el('small', { id: hintId }, [field.hint])] : []), error]));
    return { field, input, error };
  });
  const buttons = el('p', { class: 'ed-dialog-actions' }, [
    el('button', { type: 'submit', value: 'ok', class: 'ed-primary' }, [options.submitLabel]),
    ...(options.extraAction ? [el('button', { type: 'submit', value: options.extraAction.value }, [options.extraAction.label])] : []),
    el('button', { type: 'submit', value: 'cancel' }, ['Cancel']),
  ]);
  form.append(buttons);
  dialog.append(el('h2', { id: titleId }, [options.title]), form);
  document.body.append(dialog);

  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'ok') return;
    let firstBad: HTMLInputElement | undefined;
    for (const { field, input, error } of inputs) {
      const problem = field.check?.(input.value.trim());
      error.textContent = problem ?? '';
      if (problem) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (problem && !firstBad) firstBad = input;
    }
    if (firstBad) {
      event.preventDefault();
      firstBad.focus();
    }
  });

  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const action = dialog.returnValue || 'cancel';
      dialog.remove();
      resolve(action === 'cancel' ? null : { action, values: Object.fromEntries(inputs.map(({ field, input }) => [field.name, input.value.trim()])) });
    });
    dialog.showModal();
    inputs[0]?.input.select();
  });
}
