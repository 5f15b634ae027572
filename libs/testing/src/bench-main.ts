/**
 * Runs a benchmark's `main` as a process: kafkajs 2.2.4 schedules negative timeouts, which Node 24 reports
 * harmlessly as TimeoutNegativeWarning (silenced, as in the services); other warnings go to `log`. Exits 0,
 * or 1 with the error.
 */
export function runBenchMain(main: () => Promise<void>, log: (message: string) => void): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') log(`warning: ${warning.name}: ${warning.message}`);
  });
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
