import type { FC } from 'hono/jsx';

/** What was wrong with the last post, named above the form it came from; nothing when all was well. */
export const FormProblems: FC<{ problems?: string[] }> = ({ problems }) =>
  problems?.length ? (
    <div class="form-errors" role="alert">
      <h2>Please check the form</h2>
      <ul>
        {problems.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  ) : null;
