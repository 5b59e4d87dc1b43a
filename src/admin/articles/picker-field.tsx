import type { FC } from 'hono/jsx';

export interface PickerItem {
  slug: string;
  name: string;
}

/**
 * Where suggestions come from: `href` reloads the page with them (no JavaScript), `from` answers
 * them as JSON for the island, and `found` is what the reload found.
 */
export interface PickerSuggestions {
  href: string;
  from: string;
  found?: string[];
}

/**
 * Authors or topics as a plain comma-separated slug field, which the pickers island
 * (src/admin/client/pickers.ts) turns into a type-ahead with chips. The data- attributes
 * tell it where to search, whether this person may create, and the names of what is chosen.
 * `format` explains the slug field and is replaced by the island's own instructions;
 * `note` (who may change what) stays either way. `suggest` offers suggestions on request:
 * the island fetches them when the field is first used and shows each as a one-click button.
 */
export const PickerField: FC<{
  kind: 'authors' | 'topics';
  label: string;
  value: string[];
  chosen: PickerItem[];
  canCreate: boolean;
  format: string;
  note?: string;
  error?: string;
  suggest?: PickerSuggestions;
}> = ({
  kind,
  label,
  value,
  chosen,
  canCreate,
  format,
  note,
  error,
  suggest,
}) => {
  const id = `f-${kind}`;
  return (
    <div class={`field picker${error ? ' field-invalid' : ''}`} data-picker={kind}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        <span class="picker-format">{format}</span>
        {note && ` ${note}`}
      </p>
      {suggest && (
        <p class="hint picker-suggestions" id={`${id}-suggestions`} data-suggestions={suggest.from}>
          {suggest.found === undefined ? (
            <a href={suggest.href}>Suggest {kind} from the saved article</a>
          ) : suggest.found.length > 0 ? (
            `Suggested from the saved article: ${suggest.found.join(', ')}.`
          ) : (
            'No suggestions from the saved article.'
          )}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        id={id}
        name={kind}
        value={value.join(', ')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')}
        data-search={`/admin/pickers/${kind}`}
        data-create={canCreate ? `/admin/pickers/${kind}` : undefined}
        data-ordered={kind === 'authors' ? 'true' : undefined}
        data-chosen={JSON.stringify(chosen)}
      />
    </div>
  );
};
