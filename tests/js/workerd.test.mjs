// Smoke test in the real workerd runtime (npm package `workerd`), through the package's
// worker build (the `workerd` condition of its exports).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { vectors, cmpayHmacRef, CMPAY_ORDER } from './helpers.mjs';

const require = createRequire(import.meta.url);
const dir = fileURLToPath(new URL('../workerd/', import.meta.url));
const port = 20000 + Math.floor(Math.random() * 20000);
let proc;
let log = '';

before(async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.exports['.'].workerd.default, './dist/lean.worker.js', 'the config embeds the workerd condition target');
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

test('workerd verifies a CMPay OfflineNotify (UTF-8 body with Chinese) and answers SUCCESS', async () => {
  const key = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
  const params = { merchantId: '888009941120001', payNo: '201901310005378468', returnCode: '000000', message: '成功', signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100', amtItem: 'CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: 'ICBC', mobile: '151****0263', orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: '11', reserved2: '12', status: 'SUCCESS', orderDate: '20110309', fee: '0' };
  const hmac = cmpayHmacRef(CMPAY_ORDER.offlineNotify, params, key);
  const body = new URLSearchParams({ ...params, serverCert: '', hmac }).toString();
  const ok = await fetch(`http://127.0.0.1:${port}/cmpay/notify`, { method: 'POST', body });
  assert.equal(ok.status, 200, await ok.clone().text());
  assert.equal(await ok.text(), 'SUCCESS');
  assert.equal(ok.headers.get('x-order'), params.orderId);
  const tampered = await fetch(`http://127.0.0.1:${port}/cmpay/notify`, { method: 'POST', body: body.replace('amount=100', 'amount=1') });
  assert.equal(tampered.status, 400);
});

test('a bundled worker (esbuild with the workerd conditions, the .wasm as a module beside it)', async () => {
  const { freshProject, bin, serve, freePort } = await import('./fresh.mjs');
  const { join } = await import('node:path');
  const { writeFileSync, readdirSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const d = freshProject('workerd-bundled', { 'worker.mjs': readFileSync(join(dir, 'worker.mjs'), 'utf8') });
  // What wrangler does: bundle the JS, keep each .wasm a separate CompiledWasm module.
  execFileSync(bin('esbuild'), ['worker.mjs', '--bundle', '--format=esm', '--conditions=workerd,worker', '--loader:.wasm=copy', '--asset-names=[name]', '--outdir=out', '--log-level=error'], { cwd: d });
  const wasm = readdirSync(join(d, 'out')).filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(wasm, ['paysign_lean_bg.wasm'], 'only the lean module is bundled');
  const p = freePort();
  writeFileSync(join(d, 'out', 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${p}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "paysign_lean_bg.wasm", wasm = embed "paysign_lean_bg.wasm"),
  ],
  bindings = [ (name = "CLPAY_KEY", text = "123456ABDDFF"), (name = "CMPAY_SIGN_KEY", text = "k") ],
  compatibilityDate = "2025-01-01",
);
`);
  const w = await serve(() => spawn(require.resolve('workerd/bin/workerd'), ['serve', 'config.capnp', '--experimental'], { cwd: join(d, 'out') }), `http://127.0.0.1:${p}/`);
  try {
    const v = vectors('clpay.json').valid.find((x) => x.interface === 'tradeNotify');
    const ok = await fetch(`http://127.0.0.1:${p}/clpay/notify`, { method: 'POST', body: v.body });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(await ok.text(), '{"code":"00"}');
    const junk = await fetch(`http://127.0.0.1:${p}/clpay/notify`, { method: 'POST', body: '{}' });
    assert.ok(junk.status >= 400);
  } finally {
    w.kill();
  }
});
