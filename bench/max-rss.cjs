// Preloaded with `node -r`: writes the process's peak RSS (KiB) to $BENCH_RSS_FILE on exit.
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
