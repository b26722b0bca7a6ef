// How a test starts the `carecircles` command in a process of its own. Under `npm test` this
// file runs from the transpiled copy (test/support/transpile.ts), which has src/main.js beside
// it, and the child runs that, without tsx; run from the source tree (a benchmark, a test run
// by hand through tsx) it runs src/main.ts through tsx.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The folder holding src/: the transpiled copy under `npm test`, else the project. */
export const projectRoot = join(import.meta.dirname, '..', '..');

const transpiled = join(projectRoot, 'src', 'main.js');

/** node's arguments to run `carecircles <args>`. */
export function mainArgs(...args: string[]): string[] {
  return existsSync(transpiled) ? ['--enable-source-maps', transpiled, ...args] : ['--import', 'tsx', join(projectRoot, 'src', 'main.ts'), ...args];
}
