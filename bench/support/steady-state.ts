/**
 * Renders a server goes through before its latency is measured. V8 goes on compiling the
 * render path for the first couple of thousand renders: run with --single-threaded (so its
 * compiles happen on the main thread, in place), the same requests among the first 1,000
 * after a 300-render warm-up took 15–49 ms on every run, and on 2 cores the background
 * compiles took turns with PostgreSQL. A server that has been up for an hour is long past
 * them, so the latency budgets are measured after this many renders of other pages.
 */
export const STEADY_STATE_RENDERS = 3_000;
