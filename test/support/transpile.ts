// `npm test` runs plain JavaScript, transpiled once per run (ADR 0037). Loading the app through
// tsx's module hooks cost each process about 3 s of CPU against about 1.4 s for the same modules
// transpiled (source maps included), and a run starts some 180 processes (every test file, every `carecircles` a test
// starts). The copy is file for file, beside the real folders' layout, so `import.meta.url`
// paths (migrations, static files, node_modules) mean what they mean in the source tree.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The folders transpiled: the app, its tests, and the benchmark code some tests use. */
const SOURCES = ['src', 'test', 'bench'];
/** What the transpiled files read beside themselves, linked rather than copied. */
const LINKS = ['migrations', 'node_modules', 'src/web/static'];

/** Every file under dir (node_modules left out) whose name matches. */
export function filesUnder(dir: string, name: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : filesUnder(path, name);
    return name.test(entry) ? [path] : [];
  });
}

/** Transpile the project's TypeScript into `out` (emptied first), one .js file for each .ts or .tsx file. */
export async function transpileProject(root: string, out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: SOURCES.flatMap((dir) => filesUnder(join(root, dir), /(?<!\.d)\.tsx?$/)),
    outdir: out,
    outbase: root,
    // Bundling only to rewrite each import's path: every import stays a separate file, a
    // relative one renamed from .ts(x) to .js, a package left to node.
    bundle: true,
    treeShaking: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [{
      name: 'one-file-each',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          const relativePath = args.path.startsWith('.');
          return { path: relativePath ? args.path.replace(/\.tsx?$/, '.js') : args.path, external: true };
        });
      },
    }],
  });
  for (const link of LINKS) {
    mkdirSync(dirname(join(out, link)), { recursive: true });
    symlinkSync(relative(dirname(join(out, link)), join(root, link)), join(out, link));
  }
}
