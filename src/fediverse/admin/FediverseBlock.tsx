import type { FC } from 'hono/jsx';
import { Button } from '../../admin/components/Button.js';
import { Checkbox, Field, PostForm, TextArea } from '../../admin/components/Form.js';
import type { Refusal } from '../../admin/manage/refusal.js';
import { refusedFields } from '../../admin/manage/views/refused-fields.js';

export interface FediverseBlockValues {
  enabled: boolean;
  handle: string;
  description: string;
}

const fields = {
  enabled: { id: 'fedi-enabled', label: 'Publish to the fediverse' },
  handle: { id: 'fedi-handle', label: 'Handle' },
  description: { id: 'fedi-description', label: 'Profile description' },
};

/**
 * The "Fediverse" block of /admin/settings: whether the publication is on, the address readers
 * follow, how many do, and the form that changes it (its own POST, so either form saves alone).
 */
export const FediverseBlock: FC<{ values: FediverseBlockValues; host: string; followers: number; csrfToken: string; refusal?: Refusal }> = ({ values, host, followers, csrfToken, refusal }) => {
  const { errors, summary } = refusedFields(refusal, fields);
  return (
    <section id="fediverse" aria-labelledby="fediverse-heading">
      <h2 id="fediverse-heading">Fediverse</h2>
      <p class="hint">
        {values.enabled ? (
          <>
            Readers on Mastodon and other fediverse servers follow <strong>@{values.handle}@{host}</strong> and see each article as it is published, corrected or withdrawn.{' '}
          </>
        ) : (
          <>Off: the publication has no fediverse address and sends nothing. </>
        )}
        {followers === 1 ? '1 follower.' : `${followers.toLocaleString('en-GB')} followers.`}
      </p>
      {summary}
      <PostForm action="/admin/settings/fediverse" csrfToken={csrfToken} label="Fediverse">
        <Checkbox id={fields.enabled.id} name="enabled" label={fields.enabled.label} checked={values.enabled} hint="Each author can be followed too, at their own handle (their profile's slug)." />
        <Field
          id={fields.handle.id}
          name="handle"
          label={fields.handle.label}
          value={values.handle}
          error={errors.handle}
          required
          maxlength={30}
          hint="The name before @ in the publication's fediverse address: letters, digits and _. Changing it leaves followers following."
        />
        <TextArea id={fields.description.id} name="description" label={fields.description.label} value={values.description} error={errors.description} rows={3} maxlength={500} hint="Shown on the publication's fediverse profile under its name and logo." />
        <div class="button-row">
          <Button variant="primary">Save fediverse settings</Button>
        </div>
      </PostForm>
    </section>
  );
};
