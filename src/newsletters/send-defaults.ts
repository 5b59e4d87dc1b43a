/**
 * SMTP connections of a send unless told otherwise: enough to keep a local relay busy (16 and
 * 32 send alike in bench/newsletter.bench.ts), and so at most 16 duplicates after a crash.
 * Apart from sender.ts so that the command line can show it without loading the sender.
 */
export const DEFAULT_SEND_CONNECTIONS = 16;
