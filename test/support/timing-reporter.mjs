// A node:test reporter that writes how long each test file took (its own process, start to end)
// to .test-cache/timings.tsv, slowest first, so the suite's cost can be watched and kept
// well under CI's limit. It prints nothing; the spec reporter's summary stays the last word.
// Files are named as in the source tree: test/x.test.ts, not the transpiled copy that ran
// (CC_TEST_TRANSPILED, test/support/transpile.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function sourceName(root, file) {
  const transpiled = process.env.CC_TEST_TRANSPILED;
  if (!transpiled || !file.startsWith(transpiled)) return relative(root, file);
  const ts = relative(transpiled, file).replace(/\.js$/, '.ts');
  return existsSync(join(root, ts)) ? ts : `${ts}x`;
}

// eslint-disable-next-line require-yield -- it reports to a file, not to the stream
export default async function* timings(source) {
  const byFile = new Map();
  for await (const event of source) {
    // The runner reports each file as a test of its own, named by its path.
    if (event.type === 'test:complete' && event.data.nesting === 0 && event.data.name === event.data.file) {
      byFile.set(event.data.file, event.data.details?.duration_ms ?? 0);
    }
  }
  const root = process.cwd();
  const rows = [...byFile].sort((a, b) => b[1] - a[1]).map(([file, ms]) => `${Math.round(ms / 1000)}\t${sourceName(root, file)}`);
  mkdirSync(join(root, '.test-cache'), { recursive: true });
  writeFileSync(join(root, '.test-cache', 'timings.tsv'), `${rows.join('\n')}\n`);
}
