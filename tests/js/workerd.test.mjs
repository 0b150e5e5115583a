// Smoke test in the real workerd runtime (npm package `workerd`), through the package's
// worker build (the `workerd` condition of its exports).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { vectors } from './helpers.mjs';

const require = createRequire(import.meta.url);
const dir = fileURLToPath(new URL('../workerd/', import.meta.url));
const port = 20000 + Math.floor(Math.random() * 20000);
let proc;
let log = '';

before(async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.exports['.'].workerd, './worker.mjs', 'the config embeds the workerd condition target');
  const bin = require.resolve('workerd/bin/workerd');
  proc = spawn(bin, ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`, '--experimental'], { cwd: dir });
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      if (proc.exitCode !== null) throw new Error(`workerd exited: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`workerd did not start: ${log}`);
});

after(() => proc?.kill());

test('workerd verifies a clpayment trade notify and answers the ack', async () => {
  const v = vectors('clpay.json').valid.find((x) => x.interface === 'tradeNotify');
  const ok = await fetch(`http://127.0.0.1:${port}/clpay/notify`, { method: 'POST', body: v.body });
  assert.equal(ok.status, 200, await ok.clone().text());
  assert.equal(await ok.text(), '{"code":"00"}');
  assert.equal(ok.headers.get('x-order'), v.params.outOrderId);
  const tampered = await fetch(`http://127.0.0.1:${port}/clpay/notify`, { method: 'POST', body: v.body.replace('"totalAmount":1', '"totalAmount":100') });
  assert.equal(tampered.status, 400);
  const broken = await fetch(`http://127.0.0.1:${port}/clpay/notify`, { method: 'POST', body: 'a=%zz' });
  assert.equal(broken.status, 422);
  assert.match(await broken.text(), /PaysignError BAD_BODY/);
});
