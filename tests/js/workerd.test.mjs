// Smoke test in the real workerd runtime (npm package `workerd`), through the package's
// worker build (the `workerd` condition of its exports).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { writeFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { vectors, cmpayHmacRef, CMPAY_ORDER } from './helpers.mjs';
import { freshProject, bin, serve, freePort, readmeBlock } from './fresh.mjs';
import { fixtureData, rsaCheckSource, RSA_EXPECTED } from './fixture.mjs';

const require = createRequire(import.meta.url);
const dir = fileURLToPath(new URL('../workerd/', import.meta.url));
const workerd = require.resolve('workerd/bin/workerd');
const port = freePort();
let proc;

before(async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.exports['.'].workerd.default, './dist/lean.worker.js', 'the config embeds the workerd condition target');
  proc = await serve(() => spawn(workerd, ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`, '--experimental'], { cwd: dir }), `http://127.0.0.1:${port}/`);
});

after(() => proc?.kill());

/** Bundles `entry` of a fresh project as wrangler does (the JS bundled, each .wasm a separate
 * compiled module), serves it with workerd and resolves `{ url, wasm, stop }`. */
async function bundledWorker(name, files, entry, bindings) {
  const d = freshProject(name, files);
  execFileSync(bin('esbuild'), [entry, '--bundle', '--format=esm', '--conditions=workerd,worker', '--loader:.wasm=copy', '--asset-names=[name]', '--outfile=out/worker.js', '--log-level=error'], { cwd: d });
  const wasm = readdirSync(join(d, 'out')).filter((f) => f.endsWith('.wasm'));
  const p = freePort();
  writeFileSync(join(d, 'out', 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${p}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
${wasm.map((f) => `    (name = "${f}", wasm = embed "${f}"),`).join('\n')}
  ],
  bindings = [ ${Object.entries(bindings).map(([k, v]) => `(name = "${k}", text = ${JSON.stringify(v)})`).join(', ')} ],
  compatibilityDate = "2025-01-01",
);
`);
  const w = await serve(() => spawn(workerd, ['serve', 'config.capnp', '--experimental'], { cwd: join(d, 'out') }), `http://127.0.0.1:${p}/`);
  return { url: `http://127.0.0.1:${p}`, wasm, stop: () => w.kill() };
}

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
  const w = await bundledWorker('workerd-bundled', { 'worker.mjs': readFileSync(join(dir, 'worker.mjs'), 'utf8') }, 'worker.mjs', { CLPAY_KEY: '123456ABDDFF', CMPAY_SIGN_KEY: 'k' });
  try {
    assert.deepEqual(w.wasm, ['paysign_lean_bg.wasm'], 'only the lean module is bundled');
    const v = vectors('clpay.json').valid.find((x) => x.interface === 'tradeNotify');
    const ok = await fetch(`${w.url}/clpay/notify`, { method: 'POST', body: v.body });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(await ok.text(), '{"code":"00"}');
    const junk = await fetch(`${w.url}/clpay/notify`, { method: 'POST', body: '{}' });
    assert.ok(junk.status >= 400);
  } finally {
    w.stop();
  }
});

test("the README's Cloudflare Workers example, bundled and served by workerd", async () => {
  const F = fixtureData();
  const block = readmeBlock('// src/worker.ts');
  const w = await bundledWorker('workerd-readme', { 'src/worker.ts': block.code }, 'src/worker.ts', { CMPAY_SIGN_KEY: F.cmpayKey });
  try {
    const post = (body, type) => fetch(`${w.url}/`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
    const ok = await post(F.cmpayBody, 'application/x-www-form-urlencoded');
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(await ok.text(), 'SUCCESS');
    // Junk answers 400 with the PaysignError's code; a tampered notify with reason.code.
    for (const body of ['', 'a=b', F.clpayBody, F.cmpayBody.replace('amount=100', 'amount=1')]) {
      const r = await post(body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status}`);
      assert.match(await r.text(), /^[A-Z_]+$/, JSON.stringify(body));
    }
    assert.equal(await (await post(F.cmpayBody.replace('amount=100', 'amount=1'))).text(), 'BAD_SIGNATURE');
  } finally {
    w.stop();
  }
});

test('workerd: paysign/notify\'s Hono handler, its verifier made from the Worker\'s env per request', async () => {
  const F = fixtureData();
  const worker = `import { Hono } from 'hono';
import { Cmpay } from 'paysign';
import { honoNotify } from 'paysign/notify';

const app = new Hono();
const seen = new Set();
app.post('/cmpay/notify', honoNotify({
  verifier: (c) => new Cmpay(c.env.CMPAY_SIGN_KEY),
  onNotify: (notify, { key }) => { seen.add(key); },
}));
app.get('/seen', (c) => c.text(String(seen.size)));
export default app;
`;
  const w = await bundledWorker('workerd-hono', { 'worker.mjs': worker }, 'worker.mjs', { CMPAY_SIGN_KEY: F.cmpayKey });
  try {
    const post = (body) => fetch(`${w.url}/cmpay/notify`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    for (let i = 0; i < 2; i++) {
      const ok = await post(F.cmpayBody);
      assert.deepEqual([ok.status, await ok.text()], [200, 'SUCCESS']);
    }
    assert.equal(await (await fetch(`${w.url}/seen`)).text(), '1', 'one key for both deliveries');
    const forged = await post(F.cmpayBody.replace('amount=100', 'amount=1'));
    assert.deepEqual([forged.status, await forged.text()], [400, 'BAD_SIGNATURE']);
  } finally {
    w.stop();
  }
});

test('workerd: CMPay RSA on WebCrypto through the async forms, the same bytes as OpenSSL and the wasm RSA', async () => {
  const F = fixtureData();
  const worker = `import * as rsa from 'paysign/rsa';\n${rsaCheckSource(F)}\nexport default { async fetch() { return new Response(JSON.stringify(await rsaCheck(rsa))); } };\n`;
  const w = await bundledWorker('workerd-rsa', { 'worker.mjs': worker }, 'worker.mjs', {});
  try {
    const r = await fetch(`${w.url}/`);
    assert.equal(r.status, 200, await r.clone().text());
    assert.deepEqual(await r.json(), RSA_EXPECTED(4));
  } finally {
    w.stop();
  }
});
