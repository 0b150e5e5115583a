// The npm package as users get it: CommonJS and ESM entries, conditional exports, types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esm from 'paysign';

const require = createRequire(import.meta.url);

test('require() and import give the same API', () => {
  const cjs = require('paysign');
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).filter((k) => k !== '__esModule').sort());
  assert.equal(esm.Clpay, cjs.Clpay);
});

test('conditional exports point at files that exist', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  const e = pkg.exports['.'];
  for (const target of [e.types, e.workerd, e.worker, e.browser, e.node.import, e.node.require, e.import, e.default]) {
    readFileSync(new URL(`../../pkg/${target}`, import.meta.url));
  }
  assert.ok(pkg.files.includes('web/') && pkg.files.includes('node/'));
});

test('TypeScript declarations accept the documented usage and reject misuse (tsc --strict)', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = require.resolve('typescript/lib/tsc.js');
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,esnext.disposable,dom', 'tests/types/usage.ts'], { cwd: root, stdio: 'pipe' });
});
