#!/usr/bin/env node
/**
 * Entry of the `face-deblur` command (bundled to dist/cli.js; bin/face-deblur.js runs it).
 * Ctrl-C (SIGINT) or SIGTERM: finish the photos in progress, write nothing partial, exit 130;
 * a second Ctrl-C quits at once (temporary files are removed by the next run).
 */
import { runCli } from './cli.js';

const controller = new AbortController();
let interrupts = 0;
const stop = () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write(
    '\nface-deblur: stopping after the photos in progress (Ctrl-C again to quit now)\n',
  );
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.exitCode = await runCli(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
