// Loaded into the server under soak with `node --import`: every few seconds it reports the
// event loop's delay (and resets it) on stderr, one JSON line, for bench/soak.ts to read.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
setInterval(() => {
  const line = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, rss: process.memoryUsage.rss() };
  delay.reset();
  process.stderr.write(`soak-probe ${JSON.stringify(line)}\n`);
}, Number(process.env.SOAK_PROBE_MS ?? 5000)).unref();
