// The npm package as users get it: `npm pack`'s file list, the conditional exports, publint and
// arethetypeswrong, the npm README, and the declarations compiled by `tsc --strict` (no
// skipLibCheck) against the README's own code blocks and tests/types/usage.ts, in a fresh
// project under three configurations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esm from 'paysign';
import { freshProject, tarball, bin, ROOT, readmeBlocks } from './fresh.mjs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'));
let packed;

before(() => {
  packed = tarball();
});

test('paysign/notify: the same handlers from import and require', async () => {
  const m = await import('paysign/notify');
  const cjs = require('paysign/notify');
  assert.deepEqual(Object.keys(m).sort(), Object.keys(cjs).sort());
  assert.deepEqual(Object.keys(cjs).sort(), ['expressNotify', 'fastifyNotify', 'handleNotify', 'honoNotify', 'koaNotify', 'nextNotify', 'notifyKey']);
  assert.equal(pkg.bin.paysign, './cli/paysign.mjs');
});

test('require() and import give the same API and the same classes, in every module', async () => {
  for (const sub of ['', '/rsa', '/debug']) {
    const m = await import(`paysign${sub}`);
    const cjs = require(`paysign${sub}`);
    assert.deepEqual(Object.keys(m).sort(), Object.keys(cjs).sort(), sub);
    assert.equal(m.Cmpay, cjs.Cmpay);
    assert.equal(m.PaysignError, esm.PaysignError, 'one PaysignError for all modules');
  }
  assert.ok(!('inspectRsaKey' in esm) && !('debugAnalyse' in esm), 'the lean module has neither RSA tools nor the debugger');
});

test('the npm pack file list: entries, declarations, each .wasm once, licenses, no sources', () => {
  const files = packed.info.files.map((f) => f.path).sort();
  const expected = ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json', 'debug/package.json', 'rsa/package.json', 'dist/face.js', 'dist/face.cjs',
    // paysign/notify
    'notify/package.json', 'dist/notify.js', 'dist/notify.cjs', 'dist/notify.d.ts', 'dist/notify.d.cts',
    // the paysign command, its sandbox's pages, and the debugger page it serves (whose pkg/ is dist/)
    'cli/paysign.mjs', 'cli/sandbox.mjs', 'cli/static.mjs', 'cli/sandbox-ui/cashier.html', 'cli/sandbox-ui/cashier.js',
    'cli/sandbox-ui/log.html', 'cli/sandbox-ui/log.js', 'cli/sandbox-ui/style.css', 'www/index.html', 'www/app.js', 'www/style.css'];
  for (const m of ['lean', 'rsa', 'debug']) {
    for (const e of ['node.cjs', 'node.js', 'browser.js', 'web.js', 'edge.js', 'worker.js', 'd.ts', 'd.cts']) expected.push(`dist/${m}.${e}`);
    for (const e of ['_bg.js', '_bg.cjs', '_bg.wasm', '_bg.wasm.cjs']) expected.push(`dist/${m}/paysign_${m}${e}`);
  }
  assert.deepEqual(files, expected.sort());
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const hashes = wasm.map((f) => createHash('sha256').update(readFileSync(join(ROOT, 'pkg', f))).digest('hex'));
  assert.equal(new Set(hashes).size, wasm.length, 'no .wasm shipped twice');
  assert.match(readFileSync(join(ROOT, 'pkg/LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.match(readFileSync(join(ROOT, 'pkg/LICENSE-MIT'), 'utf8'), /MIT License/);
  for (const k of ['repository', 'engines', 'license', 'homepage', 'bugs']) assert.ok(pkg[k], `package.json has ${k}`);
  console.log(`# npm pack: ${packed.info.size} bytes packed, ${packed.info.unpackedSize} unpacked, ${files.length} files`);
});

test('every target of the conditional exports exists', () => {
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const t of targets) readFileSync(join(ROOT, 'pkg', t));
  assert.ok(targets.length > 40);
});

test('publint and arethetypeswrong find nothing', async () => {
  const { publint } = await import('publint');
  const { messages } = await publint({ pkgDir: join(ROOT, 'pkg'), level: 'suggestion', strict: true });
  assert.deepEqual(messages, []);
  const out = execFileSync(bin('attw'), [packed.file, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const problems = JSON.parse(out).analysis.problems;
  assert.deepEqual(problems, []);
});

test('the npm README starts from npm install, with no build commands and no relative links', () => {
  const readme = readFileSync(join(ROOT, 'pkg/README.md'), 'utf8');
  assert.ok(readme.startsWith('# paysign\n'));
  const firstCode = readme.match(/```(\w*)\n([^\n]*)/);
  assert.deepEqual([firstCode[1], firstCode[2]], ['sh', 'npm install paysign']);
  assert.doesNotMatch(readme, /\bmake (serve|test|bench)|cargo |wasm-bindgen /);
  for (const [, target] of readme.matchAll(/!?\[[^\]\n]*\]\(([^)\s]+)\)/g)) assert.match(target, /^https:\/\//, `relative link ${target}`);
});

test('tsc --strict compiles the README code blocks and the usage file: nodenext, bundler, and a browser project without @types/node', () => {
  // The js / ts blocks whose info string names a profile: node (server), browser, edge.
  const blocks = readmeBlocks()
    .filter((b) => (b.lang === 'js' || b.lang === 'ts') && /^(node|browser|edge)\b/.test(b.info))
    .map((b) => ({ ...b, profile: b.info.split(' ')[0] }));
  assert.ok(blocks.length >= 6, `only ${blocks.length} blocks`);
  const files = {};
  const byConfig = { nodenext: [], bundler: [], browser: [] };
  blocks.forEach((b, i) => {
    const name = `readme/block${i}.${b.lang === 'ts' ? 'mts' : 'mjs'}`;
    files[name] = b.code;
    // Node blocks under both resolutions; edge blocks as in a Next.js or wrangler project
    // (bundler resolution, DOM and Node types); browser blocks with no Node types at all.
    if (b.profile === 'node') byConfig.nodenext.push(name), byConfig.bundler.push(name);
    else if (b.profile === 'edge') byConfig.bundler.push(name);
    else byConfig.browser.push(name);
  });
  files['usage.mts'] = readFileSync(join(ROOT, 'tests/types/usage.ts'), 'utf8');
  byConfig.nodenext.push('usage.mts');
  byConfig.bundler.push('usage.mts');
  const strict = { strict: true, noEmit: true, allowJs: true, checkJs: true, target: 'es2022', skipLibCheck: false, noUncheckedIndexedAccess: true };
  const configs = {
    nodenext: { ...strict, module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'esnext.disposable'], types: ['node', 'express'] },
    bundler: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'esnext.disposable', 'dom'], types: ['node', 'express'] },
    browser: { ...strict, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] },
  };
  for (const [name, options] of Object.entries(configs)) files[`tsconfig.${name}.json`] = JSON.stringify({ compilerOptions: options, files: byConfig[name] });
  const dir = freshProject('types', files, { type: 'module' });
  const tsc = require.resolve('typescript/lib/tsc.js');
  for (const name of Object.keys(configs)) {
    try {
      execFileSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      assert.fail(`tsc (${name}):\n${e.stdout}${e.stderr}`);
    }
  }
});

test("each module's declarations name exactly what its entries export", async () => {
  for (const [m, spec] of [['lean', 'paysign'], ['rsa', 'paysign/rsa'], ['debug', 'paysign/debug']]) {
    const declared = new Set();
    for (const file of [`dist/${m}.d.ts`, `dist/${m}.d.cts`]) {
      const dts = readFileSync(join(ROOT, 'pkg', file), 'utf8');
      const names = [...dts.matchAll(/^export declare (?:class|function) (\w+)/gm)].map((x) => x[1]);
      if (declared.size) assert.deepEqual(new Set(names), declared, `${file} differs from the .d.ts`);
      else names.forEach((n) => declared.add(n));
    }
    const exported = Object.keys(await import(spec)).sort();
    assert.deepEqual(exported, [...declared].sort(), spec);
    // Every runtime's entry of the module lists the same names.
    for (const kind of ['browser', 'web', 'edge', 'worker', 'node']) {
      const text = readFileSync(join(ROOT, 'pkg/dist', `${m}.${kind}.js`), 'utf8');
      const list = text.match(/export const \{\n\s*([^}]*)\n\} = face;/)[1].split(',').map((s) => s.trim()).filter(Boolean).sort();
      assert.deepEqual(list, exported, `${m}.${kind}.js`);
    }
  }
});
