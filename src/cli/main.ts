import { runCli } from './run.js';

/** `npm run cli -- <command>`: operator commands over the configured database. */
process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
