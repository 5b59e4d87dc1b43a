/** Requests counted under one limit in one fixed window (migration 012). */
export interface RateLimitsTable {
  /** What is limited, e.g. `signup-ip:203.0.113.9` or `reset-account:7`. */
  key: string;
  /** Start of the window (ISO), a multiple of the window's length since the epoch. */
  window_start: string;
  hits: number;
}
