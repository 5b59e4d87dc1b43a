import type { FC } from 'hono/jsx';
import type { GoalFigures } from './supporter-goal.js';

const number = new Intl.NumberFormat('en-GB');

/** /support's goal, drawn with <progress> (no inline style: the site's CSP forbids them); nothing when the newsroom set no target. */
export const SupporterGoal: FC<{ goal: GoalFigures | undefined }> = ({ goal }) => {
  if (!goal || goal.target <= 0) return null;
  const shown = Math.min(goal.supporters, goal.target);
  const words = `${number.format(goal.supporters)} of ${number.format(goal.target)} supporters`;
  return (
    <section class="supporter-goal" aria-labelledby="supporter-goal">
      <h2 id="supporter-goal">Our goal: {number.format(goal.target)} supporters</h2>
      <progress max={goal.target} value={shown} aria-label={words}>
        {words}
      </progress>
      <p>
        {goal.supporters >= goal.target ? `${words}: we reached our goal. Thank you.` : `${words} so far: members and donors who keep our journalism free of owners and advertisers.`}
      </p>
    </section>
  );
};
