// The README's notify receiver, run as written (the ```js node server block) in a fresh project
// against a real Express server: valid notifies of both gateways get their ack; junk of every
// kind gets 400, never a 500 or a stack page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { freshProject, serve, freePort, readmeBlocks } from './fresh.mjs';
import { fixtureData } from './fixture.mjs';

const F = fixtureData();
let server, base;

before(async () => {
  const block = readmeBlocks().find((b) => b.lang === 'js' && b.info === 'node server').code;
  const dir = freshProject('express', { 'server.mjs': block }, { type: 'module' });
  const port = freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), CLPAY_MD5_KEY: F.clpayKey, CMPAY_SIGN_KEY: F.cmpayKey };
  server = await serve(() => spawn(process.execPath, ['server.mjs'], { cwd: dir, env }), `${base}/`);
});
after(() => server?.kill());

const post = (path, body, type) => fetch(`${base}${path}`, { method: 'POST', body, headers: type ? { 'content-type': type } : {} });

test('valid notifies get their ack', async () => {
  const a = await post('/clpay/notify', F.clpayBody, 'application/json');
  assert.equal(a.status, 200);
  assert.equal(await a.text(), '{"code":"00"}');
  const b = await post('/cmpay/notify', F.cmpayBody, 'application/x-www-form-urlencoded');
  assert.equal(b.status, 200);
  assert.equal(await b.text(), 'SUCCESS');
});

test('junk, the other gateway, tampered and incomplete notifies get 400', async () => {
  const clpayParams = JSON.parse(F.clpayBody);
  const { sign: _sign, ...unsigned } = clpayParams;
  const { outOrderId: _id, ...incomplete } = clpayParams;
  const junk = [
    ['', undefined], ['', 'application/json'], ['{}', 'application/json'], ['a=b', 'application/x-www-form-urlencoded'],
    ['null', 'application/json'], ['[1,2]', 'application/json'], ['%zz=1', 'application/x-www-form-urlencoded'],
    ['\u0000\uffff', 'text/plain'], ['{"a":', 'application/json'],
    [F.clpayBody.replace('"totalAmount":1', '"totalAmount":100'), 'application/json'],
    [JSON.stringify(unsigned), 'application/json'], [JSON.stringify(incomplete), 'application/json'],
    [F.clpayBody, 'application/x-www-form-urlencoded'], // contradicts its content type
  ];
  for (const [body, type] of junk) {
    const r = await post('/clpay/notify', body, type);
    assert.equal(r.status, 400, `clpay: ${JSON.stringify(body)} (${type}) → ${r.status} ${await r.text()}`);
  }
  const cm = new URLSearchParams(F.cmpayBody);
  const tampered = new URLSearchParams(cm); tampered.set('amount', '1000');
  const missing = new URLSearchParams(cm); missing.delete('orderId');
  for (const [body, type] of [...junk.slice(0, 9), [F.clpayBody, 'application/json'], [tampered.toString(), 'application/x-www-form-urlencoded'], [missing.toString(), 'application/x-www-form-urlencoded']]) {
    const r = await post('/cmpay/notify', body, type);
    assert.equal(r.status, 400, `cmpay: ${JSON.stringify(body)} (${type}) → ${r.status} ${await r.text()}`);
  }
  // The other gateway's valid notify.
  assert.equal((await post('/clpay/notify', F.cmpayBody, 'application/x-www-form-urlencoded')).status, 400);
  // Over the 64 KiB body limit: refused by Express before paysign (413), not a 500.
  const big = await post('/clpay/notify', 'a'.repeat(100_000), 'text/plain');
  assert.equal(big.status, 413);
});
