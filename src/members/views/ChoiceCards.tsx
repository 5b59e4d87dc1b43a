import type { FC } from 'hono/jsx';
import type { ChoiceForm, Frequency } from '../choice.js';
import { formatMoney } from '../money.js';
import { FROM_ARTICLE_FIELD, supportHref } from '../../analytics/links/source-article.js';
import type { Plans } from '../plans.js';

export interface ChoiceCardsProps {
  plans: Plans;
  currency: string;
  currencies: string[];
  /** After a refusal: what the reader had chosen, and what was wrong, by field. */
  form?: ChoiceForm;
  errors?: Record<string, string>;
  /** The article /support was opened from, passed on to Checkout for the newsroom's analytics. */
  fromArticle?: number;
}

const frequencyLabels: Record<Frequency, string> = { once: 'One-off', month: 'Monthly', year: 'Annual' };
const per: Record<Frequency, string> = { once: '', month: ' a month', year: ' a year' };

const FieldError: FC<{ id: string; message?: string }> = ({ id, message }) =>
  message ? (
    <p class="choice-error" id={id}>
      <span class="visually-hidden">Error: </span>
      {message}
    </p>
  ) : null;

/** One radio card: the radio, its label, and what it gives (tier benefits) described beside it. */
const Card: FC<{ group: Frequency; value: string; checked: boolean; title: string; price: string; benefits?: string[]; describedBy?: string }> = ({
  group,
  value,
  checked,
  title,
  price,
  benefits,
  describedBy,
}) => {
  const id = `choice-${group}-${value.replace(/[^a-z0-9]/gi, '-')}`;
  const list = benefits && benefits.length > 0 ? `${id}-benefits` : undefined;
  return (
    <div class="choice-card">
      <input type="radio" id={id} name={group} value={value} checked={checked} aria-describedby={[list, describedBy].filter(Boolean).join(' ') || undefined} />
      <label for={id}>
        <span class="choice-title">{title}</span>
        {price && <span class="choice-price">{price}</span>}
      </label>
      {list && (
        <ul class="choice-benefits" id={list}>
          {benefits!.map((b) => (
            <li>{b}</li>
          ))}
        </ul>
      )}
    </div>
  );
};

/** An amount of the reader's own, for one-off and monthly gifts. */
const OtherAmount: FC<{ group: 'once' | 'month'; currency: string; checked: boolean; value?: string; error?: string }> = ({ group, currency, checked, value, error }) => {
  const field = group === 'once' ? 'otherOnce' : 'otherMonth';
  const id = `choice-${group}-other-amount`;
  return (
    <div class="choice-card choice-other">
      <input type="radio" id={`choice-${group}-other`} name={group} value="other" checked={checked} />
      <label for={`choice-${group}-other`}>
        <span class="choice-title">Other amount</span>
      </label>
      <label class="choice-amount" for={id}>
        <span>Amount in {currency}</span>
        <input
          id={id}
          name={field}
          type="text"
          inputmode="decimal"
          autocomplete="off"
          value={value ?? ''}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </label>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
};

/**
 * /support's choice cards: how often (one-off, monthly, annual), then an amount or a
 * membership tier with its benefits. Radios styled as cards in a plain form: CSS shows the
 * chosen frequency's cards (every group shows where :has() is not supported, and the
 * server reads only the chosen frequency's group), and no script is needed.
 */
export const ChoiceCards: FC<ChoiceCardsProps> = ({ plans, currency, currencies, form = {}, errors = {}, fromArticle }) => {
  const donation = plans.donations.find((d) => d.currency === currency);
  const tiers = plans.tiers.flatMap((t) => {
    const price = t.prices.find((p) => p.currency === currency);
    return price ? [{ tier: t, price }] : [];
  });
  const offered: Record<Frequency, boolean> = {
    once: (donation?.oneOff.length ?? 0) > 0,
    month: tiers.length > 0 || (donation?.monthly.length ?? 0) > 0,
    year: tiers.length > 0,
  };
  const frequencies = (['once', 'month', 'year'] as const).filter((f) => offered[f]);
  const chosen = frequencies.find((f) => f === form.frequency) ?? (offered.month ? 'month' : frequencies[0]);
  const picked = (group: Frequency, value: string) => form[group] === value;
  const summary = Object.entries(errors);

  return (
    <form method="post" action="/support/checkout" class="choice-cards" aria-labelledby="choice-heading">
      <h2 id="choice-heading">Choose how to support us</h2>
      {fromArticle !== undefined && <input type="hidden" name={FROM_ARTICLE_FIELD} value={String(fromArticle)} />}
      {summary.length > 0 && (
        <div class="choice-problems" role="alert">
          <p>Please check your choice:</p>
          <ul>
            {summary.map(([, message]) => (
              <li>{message}</li>
            ))}
          </ul>
        </div>
      )}
      {currencies.length > 1 && (
        <p class="choice-currencies">
          Pay in{' '}
          {currencies.map((c) =>
            c === currency ? (
              <strong aria-current="true">{c}</strong>
            ) : (
              <a href={`${supportHref(fromArticle)}${fromArticle === undefined ? '?' : '&'}currency=${c}`} hreflang="en">
                {c}
              </a>
            ),
          )}
        </p>
      )}
      <input type="hidden" name="currency" value={currency} />
      <fieldset class="choice-frequency">
        <legend>How often</legend>
        {frequencies.map((f) => (
          <span class="choice-tab">
            <input type="radio" id={`frequency-${f}`} name="frequency" value={f} checked={f === chosen} />
            <label for={`frequency-${f}`}>{frequencyLabels[f]}</label>
          </span>
        ))}
      </fieldset>

      {offered.once && (
        <fieldset class="choice-panel choice-panel-once" aria-describedby={errors.once ? 'choice-once-error' : undefined}>
          <legend>Give once</legend>
          <FieldError id="choice-once-error" message={errors.once} />
          <div class="choice-grid">
            {donation!.oneOff.map((a) => (
              <Card group="once" value={`amount:${a}`} checked={picked('once', `amount:${a}`)} title={formatMoney(a, currency)} price="" />
            ))}
            <OtherAmount group="once" currency={currency} checked={picked('once', 'other')} value={form.otherOnce} error={errors.otherOnce} />
          </div>
        </fieldset>
      )}

      {(['month', 'year'] as const)
        .filter((f) => offered[f])
        .map((f) => (
          <fieldset class={`choice-panel choice-panel-${f}`} aria-describedby={errors[f] ? `choice-${f}-error` : undefined}>
            <legend>{f === 'month' ? 'Every month' : 'Every year'}</legend>
            <FieldError id={`choice-${f}-error`} message={errors[f]} />
            {tiers.length > 0 && (
              <div class="choice-grid choice-tiers">
                {tiers.map(({ tier, price }) => (
                  <Card
                    group={f}
                    value={`tier:${tier.id}`}
                    checked={picked(f, `tier:${tier.id}`)}
                    title={tier.name}
                    price={`${formatMoney(f === 'month' ? price.monthly : price.annual, currency)}${per[f]}`}
                    benefits={tier.benefits}
                  />
                ))}
              </div>
            )}
            {f === 'month' && (donation?.monthly.length ?? 0) > 0 && (
              <div class="choice-grid">
                <p class="choice-note">Or a monthly gift, without membership:</p>
                {donation!.monthly.map((a) => (
                  <Card group="month" value={`amount:${a}`} checked={picked('month', `amount:${a}`)} title={formatMoney(a, currency)} price="a month" />
                ))}
                <OtherAmount group="month" currency={currency} checked={picked('month', 'other')} value={form.otherMonth} error={errors.otherMonth} />
              </div>
            )}
          </fieldset>
        ))}

      <p class="choice-submit">
        <button type="submit">Continue to payment</button>
      </p>
      <p class="choice-small">Payments are taken by Stripe. Memberships and monthly gifts can be changed or cancelled at any time from your account.</p>
    </form>
  );
};
