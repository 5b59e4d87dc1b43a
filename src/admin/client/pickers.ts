import { el } from './dom.js';

/**
 * The authors and topics pickers island: each comma-separated slug field of the writing
 * screen (src/admin/articles/picker-field.tsx) becomes a type-ahead combobox over the picker
 * endpoints, with the chosen items as removable chips (authors in byline order, moved with
 * buttons), and, for editors, a topic or guest author created on the spot. A hidden input
 * keeps the slugs in order under the field's name, so the form posts what it always did.
 */

interface Item {
  slug: string;
  name: string;
}

type Kind = 'authors' | 'topics';

/** A suggested item, already the newsroom's or one an editor may create. */
interface Suggestion extends Item {
  existing: boolean;
}

/** One row of the listbox: an existing item, or a way to create one from what was typed. */
type Choice = { kind: 'item'; item: Item } | { kind: 'create-topic'; name: string } | { kind: 'guest-author'; name: string };

const SEARCH_PAUSE_MS = 200;

const words = {
  authors: { one: 'author', many: 'authors', list: 'Byline, in order' },
  topics: { one: 'topic', many: 'topics', list: 'Chosen topics' },
} as const;

const instructions: Record<Kind, string> = {
  authors: 'Type a name to search, then choose with the arrow keys and Enter. The byline follows the order here.',
  topics: 'Type a name to search, then choose with the arrow keys and Enter.',
};

/** The error a refused request answers with (`{ error }`), or its status text. */
async function refusalOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return body.error ?? (res.statusText || `HTTP ${res.status}`);
}

function enhance(field: HTMLElement, csrf: string): void {
  const original = field.querySelector<HTMLInputElement>('input[data-search]');
  if (!original) return;
  const kind = field.dataset.picker as Kind;
  const w = words[kind];
  const id = original.id;
  const searchUrl = original.dataset.search!;
  const createUrl = original.dataset.create;
  const ordered = original.dataset.ordered === 'true';
  let chosen = JSON.parse(original.dataset.chosen ?? '[]') as Item[];

  // The slug field becomes the hidden value the form posts; the combobox takes its id, so the
  // label and the error summary's link land on what the editor types into.
  const hidden = el('input', { type: 'hidden', name: original.name, value: original.value });
  const listId = `${id}-options`;
  const input = el('input', {
    id,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': original.getAttribute('aria-describedby') ?? undefined,
    'aria-invalid': original.getAttribute('aria-invalid') ?? undefined,
  });
  const listbox = el('ul', { id: listId, role: 'listbox', class: 'picker-options', 'aria-label': `Matching ${w.many}`, hidden: true });
  const chips = el('ul', { class: 'picker-chips', 'aria-label': w.list });
  const live = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const problem = el('p', { class: 'field-error picker-problem', role: 'alert' });
  original.replaceWith(chips, el('div', { class: 'picker-box' }, [input, listbox]), hidden, problem, live);
  const format = field.querySelector('.picker-format');
  if (format) format.textContent = instructions[kind];
  const guest = kind === 'authors' && createUrl ? guestForm() : undefined;

  let choices: Choice[] = [];
  let active = -1;
  let pause: ReturnType<typeof setTimeout> | undefined;
  let ticket = 0;

  const say = (text: string) => {
    // A repeated message would not be read again unless the text changes.
    live.textContent = live.textContent === text ? `${text} ` : text;
  };
  const count = () => (chosen.length === 1 ? `1 ${w.one}` : `${chosen.length} ${w.many}`);
  /** Tells the page's other islands (autosave) that the posted value changed. */
  const changed = () => hidden.dispatchEvent(new Event('input', { bubbles: true }));

  function drawChips(focus?: { slug: string; action: 'up' | 'down' | 'remove' }): void {
    hidden.value = chosen.map((item) => item.slug).join(', ');
    chips.replaceChildren(
      ...chosen.map((item, index) => {
        const buttons: HTMLButtonElement[] = [];
        if (ordered) {
          const up = el('button', { type: 'button', class: 'picker-move', 'data-action': 'up', 'aria-label': `Move ${item.name} up`, disabled: index === 0 }, ['↑']);
          const down = el('button', { type: 'button', class: 'picker-move', 'data-action': 'down', 'aria-label': `Move ${item.name} down`, disabled: index === chosen.length - 1 }, ['↓']);
          up.addEventListener('click', () => move(item, -1));
          down.addEventListener('click', () => move(item, 1));
          buttons.push(up, down);
        }
        const remove = el('button', { type: 'button', class: 'picker-remove', 'data-action': 'remove', 'aria-label': `Remove ${item.name}` }, ['×']);
        remove.addEventListener('click', () => drop(item));
        buttons.push(remove);
        return el('li', { class: 'picker-chip', 'data-slug': item.slug }, [el('span', { class: 'picker-chip-name' }, [item.name]), ...buttons]);
      }),
    );
    chips.hidden = chosen.length === 0;
    if (!focus) return;
    const chip = [...chips.children].find((li) => (li as HTMLElement).dataset.slug === focus.slug);
    const button = chip?.querySelector<HTMLButtonElement>(`[data-action="${focus.action}"]`);
    // A move to either end disables the button just pressed; the other direction is the next useful key.
    const fallback = chip?.querySelector<HTMLButtonElement>(`[data-action="${focus.action === 'up' ? 'down' : 'up'}"]:not([disabled])`);
    (button && !button.disabled ? button : (fallback ?? chip?.querySelector<HTMLButtonElement>('[data-action="remove"]')))?.focus();
  }

  function move(item: Item, by: -1 | 1): void {
    const from = chosen.indexOf(item);
    const to = from + by;
    if (from < 0 || to < 0 || to >= chosen.length) return;
    chosen.splice(from, 1);
    chosen.splice(to, 0, item);
    drawChips({ slug: item.slug, action: by < 0 ? 'up' : 'down' });
    changed();
    say(`${item.name} moved to position ${to + 1} of ${chosen.length}.`);
  }

  function drop(item: Item): void {
    const index = chosen.indexOf(item);
    chosen = chosen.filter((other) => other !== item);
    drawChips();
    changed();
    // Focus goes to the chip that took its place, or back to the search box.
    const next = chips.children[Math.min(index, chosen.length - 1)];
    (next?.querySelector<HTMLButtonElement>('[data-action="remove"]') ?? input).focus();
    say(`${item.name} removed. ${count()}.`);
  }

  function add(item: Item, how = 'added'): void {
    if (!chosen.some((other) => other.slug === item.slug)) chosen.push(item);
    drawChips();
    changed();
    input.value = '';
    close();
    input.focus();
    say(`${item.name} ${how}. ${count()}.`);
  }

  function close(): void {
    clearTimeout(pause);
    ticket++;
    choices = [];
    active = -1;
    listbox.replaceChildren();
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function label(choice: Choice): string {
    if (choice.kind === 'item') return choice.item.name;
    if (choice.kind === 'create-topic') return `Create topic “${choice.name}”`;
    return `Add “${choice.name}” as a guest author…`;
  }

  function drawOptions(): void {
    listbox.replaceChildren(
      ...choices.map((choice, index) => {
        const option = el('li', { id: `${listId}-${index}`, role: 'option', class: `picker-option${choice.kind === 'item' ? '' : ' picker-option-create'}`, 'aria-selected': index === active ? 'true' : 'false' }, [label(choice)]);
        option.addEventListener('click', () => void pick(choice));
        return option;
      }),
    );
    const open = choices.length > 0;
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${listId}-${active}`);
      listbox.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  async function search(): Promise<void> {
    const q = input.value.trim();
    const mine = ++ticket;
    if (!q) return close();
    try {
      const res = await fetch(`${searchUrl}?${new URLSearchParams({ q })}`, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(await refusalOf(res));
      const { items } = (await res.json()) as { items: Item[] };
      if (mine !== ticket) return;
      const fresh = items.filter((item) => !chosen.some((other) => other.slug === item.slug));
      choices = fresh.map((item) => ({ kind: 'item', item }) as Choice);
      const exact = items.some((item) => item.name.toLowerCase() === q.toLowerCase());
      if (createUrl && !exact) choices.push(kind === 'topics' ? { kind: 'create-topic', name: q } : { kind: 'guest-author', name: q });
      active = -1;
      problem.textContent = '';
      drawOptions();
      say(fresh.length === 0 ? `No ${w.many} match “${q}”.` : `${fresh.length} ${fresh.length === 1 ? w.one : w.many} found; use the arrow keys to choose.`);
    } catch (error) {
      if (mine === ticket) problem.textContent = `Search failed: ${(error as Error).message}`;
    }
  }

  async function create(body: { name: string; bio?: string }): Promise<Item | undefined> {
    problem.textContent = '';
    try {
      const res = await fetch(createUrl!, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      });
      if (!res.ok) throw new Error(await refusalOf(res));
      return (await res.json()) as Item;
    } catch (error) {
      problem.textContent = `Not created: ${(error as Error).message}`;
      return undefined;
    }
  }

  async function pick(choice: Choice): Promise<void> {
    if (choice.kind === 'item') return add(choice.item);
    close();
    if (choice.kind === 'guest-author') return guest?.open(choice.name);
    const topic = await create({ name: choice.name });
    if (topic) add(topic, 'created and added');
  }

  input.addEventListener('input', () => {
    clearTimeout(pause);
    pause = setTimeout(() => void search(), SEARCH_PAUSE_MS);
  });
  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden && choices.length > 0;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!open) return void search();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        active = (active + step + choices.length + (active < 0 && step < 0 ? 1 : 0)) % choices.length;
        drawOptions();
        return;
      }
      case 'Enter':
        // Enter here chooses; it never saves the article by accident.
        event.preventDefault();
        if (open && active >= 0) void pick(choices[active]!);
        return;
      case 'Escape':
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
        }
        return;
      case 'Tab':
        close();
    }
  });
  // The mouse chooses (or scrolls the list) without taking the focus from the search box, so
  // leaving the box can close the list at once.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  input.addEventListener('blur', close);

  /** "Add a guest author": name and an optional bio, in a small panel under the picker. */
  function guestForm() {
    const nameInput = el('input', { id: `${id}-guest-name`, type: 'text', autocomplete: 'off' });
    const bioInput = el('textarea', { id: `${id}-guest-bio`, rows: '2' });
    const save = el('button', { type: 'button', class: 'btn btn-primary btn-small' }, ['Add guest author']);
    const cancel = el('button', { type: 'button', class: 'btn btn-quiet btn-small' }, ['Cancel']);
    const panel = el('div', { class: 'picker-guest', role: 'group', 'aria-labelledby': `${id}-guest-title`, hidden: true }, [
      el('p', { id: `${id}-guest-title`, class: 'picker-guest-title' }, ['A guest author: a byline without an account']),
      el('div', { class: 'field' }, [el('label', { for: nameInput.id }, ['Name']), nameInput]),
      el('div', { class: 'field' }, [el('label', { for: bioInput.id }, ['Bio (optional)']), bioInput]),
      el('div', { class: 'picker-guest-actions' }, [save, cancel]),
    ]);
    field.append(panel);
    const hide = () => {
      panel.hidden = true;
      input.focus();
    };
    const submit = async () => {
      const author = await create({ name: nameInput.value, bio: bioInput.value });
      if (!author) return nameInput.focus();
      panel.hidden = true;
      add(author, 'added as a guest author');
    };
    save.addEventListener('click', () => void submit());
    cancel.addEventListener('click', hide);
    panel.addEventListener('keydown', (event) => {
      // The panel's fields are not the article's: Enter adds the guest, Escape closes, neither saves the article.
      if (event.key === 'Enter' && event.target === nameInput) {
        event.preventDefault();
        void submit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        hide();
      }
    });
    return {
      open(name: string) {
        nameInput.value = name;
        bioInput.value = '';
        panel.hidden = false;
        input.value = '';
        nameInput.focus();
      },
    };
  }

  /**
   * Suggestions from the saved article, asked for when the field is first used (or its link is
   * followed), never while the page loads: the server takes a while to read a long article.
   * Each is a button that adds it; a new topic is offered only to those who may create one.
   */
  function offerSuggestions(box: HTMLElement): void {
    const url = box.dataset.suggestions!;
    let state: 'idle' | 'asking' | 'done' = 'idle';
    let offered: Suggestion[] = [];

    const draw = () => {
      offered = offered.filter((s) => !chosen.some((other) => other.slug === s.slug));
      if (offered.length === 0) return void (box.textContent = 'No more suggestions from the saved article.');
      box.replaceChildren(
        'Suggested: ',
        ...offered.map((s) => {
          const button = el('button', { type: 'button', class: 'btn btn-quiet btn-small picker-suggestion', 'aria-label': `Add ${w.one} ${s.name}${s.existing ? '' : ' (new)'}` }, [
            s.existing ? s.name : `${s.name} (new)`,
          ]);
          button.addEventListener('click', () => void take(s));
          return button;
        }),
      );
    };

    async function take(s: Suggestion): Promise<void> {
      const item = s.existing ? { slug: s.slug, name: s.name } : await create({ name: s.name });
      if (!item) return;
      add(item, s.existing ? 'added' : 'created and added');
      draw();
    }

    async function ask(): Promise<void> {
      if (state !== 'idle') return;
      state = 'asking';
      box.textContent = 'Finding suggestions…';
      try {
        const res = await fetch(url, { headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(await refusalOf(res));
        const { items } = (await res.json()) as { items: Suggestion[] };
        offered = items.filter((s) => s.existing || createUrl);
        state = 'done';
        draw();
        if (offered.length > 0) say(`${offered.length} ${offered.length === 1 ? w.one : w.many} suggested below the field.`);
      } catch (error) {
        // Focusing the field again asks again.
        state = 'idle';
        box.textContent = `Suggestions failed: ${(error as Error).message}`;
      }
    }

    input.addEventListener('focus', () => void ask());
    box.querySelector('a')?.addEventListener('click', (event) => {
      event.preventDefault();
      void ask();
    });
  }

  const suggestions = field.querySelector<HTMLElement>('[data-suggestions]');
  if (suggestions) offerSuggestions(suggestions);
  drawChips();
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('#article-form');
  const csrf = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  for (const field of document.querySelectorAll<HTMLElement>('[data-picker]')) enhance(field, csrf);
}

start();
