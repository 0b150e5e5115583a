// The package as a user installs it (`npm pack`, then `npm install` into a fresh project), run
// in every server-side runtime and bundle: Node 20 and 22 (ESM and CommonJS, unbundled and
// bundled by esbuild and run from another folder), Bun (and `bun build`), Deno 2 (`npm:`
// specifier, no permission flags) and edge-runtime (Vercel's, with compiling wasm from bytes
// forbidden as on Vercel). Next.js, workerd and browsers have their own files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshProject, bin, runtimes } from './fresh.mjs';
import { fixtureData, checkEsm, checkCjs, EXPECTED, rsaCheckSource, RSA_EXPECTED } from './fixture.mjs';

const F = fixtureData();
let dir;

before(() => {
  dir = freshProject('runtimes', {
    'check.mjs': checkEsm(F),
    'check.cjs': checkCjs(F),
    'check-deno.mjs': checkEsm(F, 'npm:paysign'),
    'rsa.mjs': `${rsaCheckSource(F)}\nconsole.log(JSON.stringify(await rsaCheck(await import('paysign/rsa'))));\n`,
    'rsa.cjs': `${rsaCheckSource(F)}\nrsaCheck(require('paysign/rsa')).then((r) => console.log(JSON.stringify(r)));\n`,
    'rsa-deno.mjs': `${rsaCheckSource(F)}\nconsole.log(JSON.stringify(await rsaCheck(await import('npm:paysign/rsa'))));\n`,
    'deno.json': JSON.stringify({ nodeModulesDir: 'manual' }),
  });
});

function run(cmd, args, cwd = dir) {
  const out = execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }).toString().trim();
  return JSON.parse(out.split('\n').pop());
}

/** A folder with nothing but `file`: a bundle must carry everything it needs. */
function elsewhere(file) {
  const d = mkdtempSync(join(tmpdir(), 'paysign-bundle-'));
  cpSync(file, join(d, 'app' + file.slice(file.lastIndexOf('.'))));
  return join(d, 'app' + file.slice(file.lastIndexOf('.')));
}

const nodes = [['Node 20', process.execPath], ['Node 22', runtimes.node22]];

for (const [name, node] of nodes) {
  test(`${name}: import and require, unbundled`, () => {
    assert.ok(node, 'no Node 22 binary: scripts/setup.sh installs it (npm package `node`)');
    assert.deepEqual(run(node, ['check.mjs']), EXPECTED);
    assert.deepEqual(run(node, ['check.cjs']), EXPECTED);
    // RSA on node:crypto, synchronously; the async forms answer the same, the wasm RSA too.
    assert.deepEqual(run(node, ['rsa.mjs']), RSA_EXPECTED(0));
    assert.deepEqual(run(node, ['rsa.cjs']), RSA_EXPECTED(0));
  });
}

test('esbuild --bundle --platform=node (ESM and CJS), run from another folder by Node 20 and 22', () => {
  for (const [src, format, ext] of [['check.mjs', 'esm', 'mjs'], ['check.cjs', 'cjs', 'cjs']]) {
    const out = join(dir, `bundle.${ext}`);
    execFileSync(bin('esbuild'), [src, '--bundle', '--platform=node', `--format=${format}`, `--outfile=${out}`, '--log-level=error'], { cwd: dir });
    const moved = elsewhere(out);
    for (const [, node] of nodes) assert.deepEqual(run(node, [moved], tmpdir()), EXPECTED, `${format} bundle`);
  }
});

test('Bun: import and require; bun build run from another folder', () => {
  assert.ok(runtimes.bun, 'no bun binary (npm package `bun`)');
  assert.deepEqual(run(runtimes.bun, ['check.mjs']), EXPECTED);
  assert.deepEqual(run(runtimes.bun, ['check.cjs']), EXPECTED);
  assert.deepEqual(run(runtimes.bun, ['rsa.mjs']), RSA_EXPECTED(0));
  for (const target of ['bun', 'node']) {
    const out = join(dir, `bun-${target}.mjs`);
    execFileSync(runtimes.bun, ['build', 'check.mjs', `--target=${target}`, `--outfile=${out}`], { cwd: dir, stdio: 'pipe' });
    const moved = elsewhere(out);
    assert.deepEqual(run(target === 'bun' ? runtimes.bun : process.execPath, [moved], tmpdir()), EXPECTED, `bun build --target=${target}`);
  }
});

test('Deno 2: npm: specifier, no permission flags', () => {
  assert.ok(runtimes.deno, 'no deno binary (npm package `deno`)');
  const out = run(runtimes.deno, ['run', '--no-prompt', 'check-deno.mjs']);
  // RSA on WebCrypto for the async forms (the npm package's browser build has no node:crypto).
  assert.deepEqual(run(runtimes.deno, ['run', '--no-prompt', 'rsa-deno.mjs']), RSA_EXPECTED(4));
  assert.deepEqual(out, EXPECTED);
});

test('edge-runtime: the edge-light build, with the wasm compiled ahead as on Vercel and bytes refused', async () => {
  // Bundled for the edge as Next.js does: the `edge-light` condition, and `.wasm?module` imports
  // provided as WebAssembly.Module globals compiled outside the sandbox (another realm).
  const wasmFiles = {};
  const plugin = `{ name: 'wasm-module', setup(b) {
    b.onResolve({ filter: /\\.wasm\\?module$/ }, (a) => ({ path: require('path').join(a.resolveDir, a.path.replace(/\\?module$/, '')), namespace: 'wasm-module' }));
    b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, (a) => { const name = 'wasm_' + require('path').basename(a.path).replace(/\\W/g, '_'); files[name] = a.path; return { contents: 'export default globalThis.' + name + ';' }; });
  } }`;
  writeFileSync(join(dir, 'edge-entry.mjs'), `import * as lean from 'paysign';\nimport * as rsa from 'paysign/rsa';\nconst F = ${JSON.stringify(F)};\nconst console = { log: (s) => { globalThis.result = s; } };\n${checkBody()}\n${rsaCheckSource(F)}\nglobalThis.rsaResult = rsaCheck(rsa);\n`);
  writeFileSync(join(dir, 'build-edge.cjs'), `const files = {}; require('esbuild').build({ entryPoints: ['edge-entry.mjs'], bundle: true, format: 'iife', conditions: ['edge-light'], platform: 'neutral', mainFields: ['module', 'main'], outfile: 'edge-bundle.js', logLevel: 'error', plugins: [${plugin}] }).then(() => console.log(JSON.stringify(files)));`);
  Object.assign(wasmFiles, run(process.execPath, ['build-edge.cjs']));
  const bundle = readFileSync(join(dir, 'edge-bundle.js'), 'utf8');
  assert.ok(!bundle.includes('AGFzbQ'), 'the edge bundle carries no base64 wasm');
  const { EdgeRuntime } = await import('edge-runtime');
  const rt = new EdgeRuntime({
    extend: (ctx) => {
      for (const [name, path] of Object.entries(wasmFiles)) ctx[name] = new WebAssembly.Module(readFileSync(path));
      return ctx;
    },
  });
  // As on Vercel: no wasm compiled from bytes at run time.
  rt.evaluate(`for (const f of ['compile', 'instantiate']) { const o = WebAssembly[f]; WebAssembly[f] = (x, ...r) => (x instanceof WebAssembly.Module || (x && x.constructor && x.constructor.name === 'Module')) && f === 'instantiate' ? o(x, ...r) : Promise.reject(new Error('wasm code generation disallowed')); }
    WebAssembly.Module = function () { throw new Error('wasm code generation disallowed'); };`);
  rt.evaluate(bundle);
  assert.equal(rt.evaluate('typeof EdgeRuntime'), 'string');
  assert.deepEqual(JSON.parse(rt.evaluate('globalThis.result')), EXPECTED);
  // RSA on the runtime's WebCrypto for the async forms (a result of the sandbox's realm).
  assert.deepEqual(JSON.parse(JSON.stringify(await rt.evaluate('globalThis.rsaResult'))), RSA_EXPECTED(4));
});

function checkBody() {
  // The fixture's body without its imports (the edge entry imports statically).
  return checkEsm(F).split('\n').slice(3).join('\n');
}
