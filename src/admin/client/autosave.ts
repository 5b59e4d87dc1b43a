/**
 * Autosave for the article form: a pause in typing posts the form's fields with the version
 * the page was loaded at. A conflict is shown and autosave stops; the text stays put.
 */

const AUTOSAVE_DELAY_MS = 1500;

function formFields(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string' && key !== 'version' && key !== '_csrf') fields[key] = value;
  });
  return fields;
}

export interface Autosave {
  /** Saves after the next pause. */
  schedule(): void;
  /** Called by the form's submit: a running autosave finishes first, so the form posts the version it produced. */
  beforeSubmit(event: SubmitEvent): void;
}

export function startAutosave(options: { form: HTMLFormElement; csrf: string; sync: () => void; say: (text: string) => void }): Autosave {
  const { form, csrf, sync, say } = options;
  const articleId = form.dataset.articleId;
  const versionField = form.querySelector<HTMLInputElement>('input[name="version"]');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let conflicted = false;
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
        body: JSON.stringify({ version: Number(versionField.value), fields: formFields(form) }),
      });
      const answer = (await res.json()) as { version?: number; savedAt?: string; stored?: string; error?: string; currentVersion?: number };
      if (res.status === 409) {
        conflicted = true;
        say(`Not saved: someone else saved version ${answer.currentVersion}. Your text is still here; copy it, then reload.`);
        return;
      }
      if (!res.ok) return say(`Not saved: ${answer.error ?? res.statusText}`);
      versionField.value = String(answer.version);
      say(answer.stored === 'autosave' ? 'Draft of your changes kept (the live article is unchanged until you save).' : `Saved at ${siteClock(answer.savedAt!)}`);
    } catch {
      say('Not saved: the connection failed. Your text is still here.');
    }
  }

  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
    },
    beforeSubmit(event) {
      clearTimeout(timer);
      sync();
      if (saving) {
        event.preventDefault();
        void saving.finally(() => {
          sync();
          form.submit();
        });
      }
    },
  };
}

/** A time as the newsroom reads every other: on the site's clock (the page names its zone), not the browser's. */
function siteClock(iso: string): string {
  const timeZone = document.querySelector<HTMLMetaElement>('meta[name="newsroom-time-zone"]')?.content || undefined;
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}
