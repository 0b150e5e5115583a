// The `paysign` command as npm installs it (the packed package's bin in a fresh project):
// every subcommand's --help, the documented exit codes, --json, signatures checked against
// node:crypto (helpers.mjs), keys only from the environment or a file and never printed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freshProject } from './fresh.mjs';
import { clpaySignRef, cmpayHmacRef, CMPAY_ORDER } from './helpers.mjs';
import { fixtureData } from './fixture.mjs';

const F = fixtureData();
const CLPAY_KEY = '123456ADSEF';
let dir, paysign;

before(() => {
  dir = freshProject('cli', {}, { type: 'module' });
  paysign = join(dir, 'node_modules/.bin/paysign');
});

function run(args, { input = '', env = {} } = {}) {
  const r = spawnSync(paysign, args, { cwd: dir, input, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout.toString(), err: r.stderr.toString() };
}

test('--help for the command and each subcommand; usage errors exit 2', () => {
  const main = run(['--help']);
  assert.equal(main.code, 0);
  for (const c of ['sign', 'verify', 'diagnose', 'serve', 'sandbox']) {
    assert.match(main.out, new RegExp(`\\b${c}\\b`));
    const h = run([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.match(h.out, new RegExp(`^usage: paysign ${c}`), c);
  }
  assert.match(main.out, /exit codes: 0 ok/);
  assert.equal(run([]).code, 2);
  assert.equal(run(['bogus']).code, 2);
  assert.equal(run(['verify', 'clpay', '--no-such-option']).code, 2);
  // No key anywhere: a usage error naming the variable, not a crash.
  const nokey = run(['verify', 'clpay'], { input: F.clpayBody });
  assert.equal(nokey.code, 2);
  assert.match(nokey.err, /PAYSIGN_CLPAY_KEY/);
});

test('sign: clpayment and CMPay signatures equal node:crypto\'s; keys from the environment or a file', () => {
  const params = { merchantCode: '1000000001', outOrderId: 'OIBrOdZ1K7ZYBAJSfWSZsYtl' };
  const a = run(['sign', 'clpay', 'tradeQuery'], { input: JSON.stringify(params), env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } });
  assert.equal(a.code, 0, a.err);
  assert.equal(a.out.trim(), clpaySignRef(['merchantCode', 'outOrderId'], params, CLPAY_KEY));
  // The manual's 2.10 example.
  assert.equal(a.out.trim(), '9A046744FD9D3926037EFD0DBF3D794A');
  // From a key file, form input, --json.
  writeFileSync(join(dir, 'clpay.key'), `${CLPAY_KEY}\n`);
  const b = run(['sign', 'clpay', 'tradeQuery', '--key-file', 'clpay.key', '--json'], { input: new URLSearchParams(params).toString() });
  const j = JSON.parse(b.out);
  assert.equal(j.sign, a.out.trim());
  assert.equal(j.signSource, 'merchantCode=1000000001&outOrderId=OIBrOdZ1K7ZYBAJSfWSZsYtl');
  // CMPay, key=value lines: an OrderQuery request (NOTES.md's known answer).
  const q = { merchantId: '888009941120001', requestId: '2011/3/915:34:47', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: '2011030953515' };
  const c = run(['sign', 'cmpay'], { input: Object.entries(q).map(([k, v]) => `${k}=${v}`).join('\n'), env: { PAYSIGN_CMPAY_KEY: F.cmpayKey } });
  assert.equal(c.code, 0, c.err);
  assert.equal(c.out.trim(), cmpayHmacRef(CMPAY_ORDER.orderQueryRequest, q, F.cmpayKey));
  assert.equal(c.out.trim(), 'abd0dd1aec344341899ba90a75fb9881');
  // A request that breaks its schema: exit 3, the field named.
  const bad = run(['sign', 'clpay', 'tradeQuery'], { input: '{"merchantCode":"1000000001"}', env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } });
  assert.equal(bad.code, 3);
  assert.match(bad.err, /MISSING_FIELD \(outOrderId\)/);
});

test('verify: 0 valid (with the acknowledgement), 1 invalid, 3 not a message; the key never printed', () => {
  const env = { PAYSIGN_CLPAY_KEY: F.clpayKey, PAYSIGN_CMPAY_KEY: F.cmpayKey };
  const ok = run(['verify', 'clpay', '--content-type', 'application/json'], { input: F.clpayBody, env });
  assert.deepEqual([ok.code, ok.out], [0, 'VALID tradeNotify\nacknowledge with: {"code":"00"}\n']);
  const cm = run(['verify', 'cmpay', '--json'], { input: F.cmpayBody, env });
  assert.equal(cm.code, 0);
  assert.equal(JSON.parse(cm.out).ack, 'SUCCESS');
  const tampered = run(['verify', 'clpay'], { input: F.clpayBody.replace('"totalAmount":1', '"totalAmount":100'), env });
  assert.equal(tampered.code, 1);
  assert.match(tampered.out, /^INVALID tradeNotify: BAD_SIGNATURE/);
  const junk = run(['verify', 'cmpay'], { input: '%zz', env });
  assert.equal(junk.code, 3);
  for (const r of [ok, cm, tampered, junk]) {
    assert.ok(!(r.out + r.err).includes(F.cmpayKey) && !(r.out + r.err).includes(F.clpayKey));
  }
  // A body from a file, the response of an interface.
  writeFileSync(join(dir, 'notify.json'), F.clpayBody);
  assert.equal(run(['verify', 'clpay', 'notify.json'], { env }).code, 0);
  assert.equal(run(['verify', 'clpay', 'no-such-file'], { env }).code, 3);
});

test('diagnose: the debugger\'s explanation and diff in the terminal, coloured on request; exit 1 on a mismatch', () => {
  const params = { merchantCode: '1000000001', outOrderId: 'demo1' };
  // The sender sorted the fields in reverse (signed with node:crypto).
  const wrong = createHash('md5').update(`outOrderId=demo1&merchantCode=1000000001&KEY=${CLPAY_KEY}`).digest('hex').toUpperCase();
  const input = `${new URLSearchParams(params)}&sign=${wrong}`;
  const r = run(['diagnose', '--no-color'], { input, env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /verdict: mismatch/);
  assert.match(r.out, /reverse order/);
  assert.match(r.out, /correct: merchantCode=1000000001&outOrderId=demo1&KEY=••••••/);
  assert.match(r.out, /signed: {2}outOrderId=demo1&merchantCode=1000000001&KEY=••••••/);
  assert.ok(!r.out.includes(CLPAY_KEY), 'the key is masked');
  assert.doesNotMatch(r.out, /\u001b\[/, 'no colour when asked for none');
  const coloured = run(['diagnose', '--color'], { input, env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } });
  assert.match(coloured.out, /\u001b\[31m/, 'red for what the sender signed');
  const json = JSON.parse(run(['diagnose', '--json'], { input, env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } }).out);
  assert.equal(json.diagnosis[0].id, 'order-reversed');
  const match = run(['diagnose'], { input: `${new URLSearchParams(params)}&sign=${clpaySignRef(['merchantCode', 'outOrderId'], params, CLPAY_KEY)}`, env: { PAYSIGN_CLPAY_KEY: CLPAY_KEY } });
  assert.equal(match.code, 0);
  assert.match(run(['diagnose', '--targets']).out, /clpay:tradeNotify/);
});

test('serve: the debugger page from the installed package, on 127.0.0.1, running in Chromium', async () => {
  const proc = spawn(paysign, ['serve', '--port', '0', '--json'], { cwd: dir });
  try {
    const { url } = await new Promise((ok, fail) => {
      proc.stdout.on('data', (d) => ok(JSON.parse(d.toString())));
      proc.on('exit', (c) => fail(new Error(`exited ${c}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="app\.js">|app\.js/);
    const wasm = await fetch(`${url}pkg/debug/paysign_debug_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal((await fetch(`${url}pkg/../../package.json`)).status, 404);
    // The page runs in Chromium from the installed package's files.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const p = await browser.newPage();
      await p.goto(url);
      await p.waitForSelector('body[data-ready=true]');
    } finally {
      await browser.close();
    }
  } finally {
    proc.kill();
  }
});
