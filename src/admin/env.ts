import type { SessionUser } from '../accounts/session-store.js';

/** What the accounts middleware puts on every /admin request (a superset of the article pages' AdminEnv). */
export type NewsroomEnv = {
  Variables: {
    user: SessionUser;
    csrfToken: string;
    /** The session cookie's token, for signing out. */
    sessionToken: string;
    /** The site's time zone: every time the newsroom reads or types is in it. */
    timeZone: string;
  };
};
