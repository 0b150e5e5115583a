// The README's two request examples (```js node blocks that call the gateway), run as written
// in a fresh project against a local stand-in for each gateway. The stand-in is not paysign:
// it checks the request's signature with node:crypto (helpers.mjs, written from the manuals and
// NOTES.md) and answers with a response signed the same way, or with the gateway's error code
// when the signature is wrong. Only the address is redirected: a preload points `fetch` for the
// gateways' hosts at the stand-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import { freshProject, readmeBlocks } from './fresh.mjs';
import { vectors, clpaySignRef, cmpayHmacRef, CMPAY_ORDER } from './helpers.mjs';

const clpayVector = vectors('clpay.json').valid.find((v) => v.interface === 'tradeQuery' && v.part === 'response');
const CLPAY_KEY = clpayVector.key;
const CMPAY_KEY = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
const PAY_URL = 'url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999';
const seen = [];
let server, dir;

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

before(async () => {
  server = createServer(async (req, res) => {
    const form = Object.fromEntries(await body(req));
    seen.push(req.url);
    if (req.url.startsWith('/ipos.10086.cn/')) {
      const ok = form.hmac === cmpayHmacRef(CMPAY_ORDER.directPayConfirmRequest, form, CMPAY_KEY);
      const answer = { merchantId: form.merchantId, requestId: form.requestId, signType: 'MD5', type: 'DirectPayConfirm', version: '2.0.0', returnCode: ok ? '000000' : 'IPS0008', message: ok ? 'SUCCESS' : '签名错误', payUrl: ok ? PAY_URL : '' };
      answer.hmac = cmpayHmacRef(CMPAY_ORDER.directPayConfirmResponse, answer, CMPAY_KEY);
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end(new URLSearchParams(answer).toString());
    } else {
      const ok = form.sign === clpaySignRef(['merchantCode', 'outOrderId'], form, CLPAY_KEY);
      res.writeHead(200, { 'content-type': 'application/json' }).end(ok ? clpayVector.body : '{"code":"09003","msg":"签名错误"}');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const blocks = readmeBlocks().filter((b) => b.lang === 'js' && b.info === 'node' && b.code.includes('await fetch(req.url'));
  assert.equal(blocks.length, 2, 'the README has two request examples');
  dir = freshProject('gateway', {
    'clpay.mjs': blocks.find((b) => b.code.includes('Clpay')).code,
    'cmpay.mjs': blocks.find((b) => b.code.includes('Cmpay')).code,
    'stand-in.mjs': `const real = globalThis.fetch;
globalThis.fetch = (url, init) => { const u = new URL(url); return real(\`http://127.0.0.1:${server.address().port}/\${u.host}\${u.pathname}\`, init); };\n`,
  }, { type: 'module' });
});
after(() => server?.close());

// Asynchronous: the stand-in answers from this process.
async function run(file, env) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', './stand-in.mjs', file], { cwd: dir, env: { ...process.env, ...env }, timeout: 30_000 });
  return stdout.trim();
}

test('clpayment: signRequest, the request accepted, the signed response verified', async () => {
  assert.equal(await run('clpay.mjs', { CLPAY_MD5_KEY: CLPAY_KEY }), 'true 00');
  // With a wrong key the stand-in refuses the signature and the example throws.
  await assert.rejects(run('clpay.mjs', { CLPAY_MD5_KEY: 'WRONGKEY' }), /unsigned or forged response: 09003/);
});

test('CMPay: buildRequest, the hmac accepted, the response verified and payUrl parsed', async () => {
  assert.equal(await run('cmpay.mjs', { CMPAY_SIGN_KEY: CMPAY_KEY }), 'https://ipos.10086.cn/ips/FormTrans3?sessionId=2011010199999');
  assert.ok(seen.includes('/ipos.10086.cn/ips/cmpayService'));
  await assert.rejects(run('cmpay.mjs', { CMPAY_SIGN_KEY: 'x'.repeat(64) }));
});
