// End to end: the packed package installed in a fresh project; the README's `npx paysign
// sandbox` command run there; the example merchant (examples/merchant) against it; real headless Chromium placing
// a CMPay order and a clpayment e-bank order, following payUrl and paying on the cashier page.
// The notifies arrive at the merchant's paysign/notify handlers, are verified and acknowledged
// once; a merchant that answers the wrong acknowledgement is retried on the compressed
// schedule; a forged notify gets 400; a replayed notify is processed once; the state survives
// a restart. The sandbox's responses are checked against node:crypto too (helpers.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freshProject, serve, freePort, ROOT, OUT, readmeBlocks } from './fresh.mjs';
import { cmpayHmacRef, clpaySignRef, CMPAY_ORDER } from './helpers.mjs';

const SHOTS = join(OUT, 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const CLOCK = 60_000; // a minute of the retry schedule lasts a millisecond
let dir, state, sandbox, sandboxUrl, keys, merchant, shop, browser;

// `paysign sandbox --json` prints one JSON line once it listens.
// The README's command as written (npx, --state), with the test's own options after it.
const README_COMMAND = readmeBlocks().find((b) => b.lang === 'sh' && b.code.startsWith('npx paysign sandbox')).code.split('#')[0].trim().split(/\s+/);
function startSandbox() {
  const args = [...README_COMMAND.slice(1), '--port', '0', '--clock', String(CLOCK), '--clpay-payout-url', `${shop}/clpay/payout-notify`, '--json'];
  // Its own process group: npx does not pass a signal on to the command it runs.
  const proc = spawn('npx', ['--offline', ...args], { cwd: dir, detached: true });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((ok, fail) => {
    proc.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) ok({ proc, info: JSON.parse(line), log: () => err });
    });
    proc.on('exit', (code) => fail(new Error(`sandbox exited ${code}: ${err}`)));
  });
}
// SIGTERM to npx and the sandbox under it; 'close' comes once both have let go of the pipes.
const stop = (proc) => new Promise((ok) => {
  proc.once('close', ok);
  process.kill(-proc.pid, 'SIGTERM');
});

before(async () => {
  dir = freshProject('sandbox', {}, { type: 'module' });
  mkdirSync(join(dir, 'merchant'), { recursive: true });
  for (const f of ['server.mjs', 'index.html', 'shop.js']) copyFileSync(join(ROOT, 'examples/merchant', f), join(dir, 'merchant', f));
  state = join(dir, README_COMMAND[README_COMMAND.indexOf('--state') + 1]);
  rmSync(state, { recursive: true, force: true });
  const port = freePort();
  shop = `http://127.0.0.1:${port}`;
  sandbox = await startSandbox();
  sandboxUrl = sandbox.info.url;
  keys = sandbox.info.generatedKeys;
  assert.match(keys.cmpay, /^[A-Za-z0-9]{64}$/, 'a CMPay test key was generated and printed');
  assert.match(keys.clpay, /^[A-Z0-9]{32}$/);
  const env = { ...process.env, PORT: String(port), CMPAY_GATEWAY: sandboxUrl, CLPAY_GATEWAY: sandboxUrl, PAYSIGN_CMPAY_KEY: keys.cmpay, PAYSIGN_CLPAY_KEY: keys.clpay };
  merchant = await serve(() => spawn(process.execPath, ['merchant/server.mjs'], { cwd: dir, env }), `${shop}/`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  merchant?.kill();
  if (sandbox) await stop(sandbox.proc);
});

const sandboxLog = async () => (await fetch(`${sandboxUrl}/_sandbox/api/log`)).json();
const shopState = async () => (await fetch(`${shop}/api/orders`)).json();
async function until(what, check, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; sandbox: ${sandbox.log()} merchant: ${merchant.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const deliveriesOf = async (message, order) => (await sandboxLog()).deliveries.filter((d) => d.message === message && d.order === order);

test('CMPay: Chromium orders, follows payUrl, pays on the cashier; PageNotify and OfflineNotify verified and acknowledged once', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 720 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${shop}/`);
  await Promise.all([page.waitForURL(`${sandboxUrl}/cashier?sessionId=*`), page.click('#cmpay')]);
  await page.waitForSelector('body[data-status=WAIT]');
  assert.equal(await page.textContent('#product'), '和包测试商品');
  assert.match(await page.textContent('#amount'), /¥0\.01/);
  await page.screenshot({ path: join(SHOTS, 'sandbox-cashier.png') });
  // Pay: the browser posts the signed PageNotify to the merchant's callbackUrl.
  await Promise.all([page.waitForURL(`${shop}/cmpay/return`), page.click('#pay')]);
  assert.match(await page.textContent('body'), /支付结果 SUCCESS: order CM\d+/);
  const orderId = (await page.textContent('body')).match(/order (CM\d+)/)[1];
  // The OfflineNotify, server to server: acknowledged at the first attempt.
  const [d] = await until('the OfflineNotify', async () => {
    const ds = await deliveriesOf('OfflineNotify', orderId);
    return ds[0]?.done && ds;
  });
  assert.equal(d.attempts.length, 1);
  assert.deepEqual([d.attempts[0].status, d.attempts[0].body, d.attempts[0].acked], [200, 'SUCCESS', true]);
  const s = await shopState();
  const order = s.orders.find((o) => o.orderId === orderId);
  assert.equal(order.status, 'PAID');
  // PageNotify and OfflineNotify of one payment carry one idempotency key: processed once.
  const keysSeen = s.deliveries.filter((x) => x.key.includes(orderId)).map((x) => x.key);
  assert.equal(keysSeen.length, 2);
  assert.equal(new Set(keysSeen).size, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('clpayment e-bank: Chromium posts the signed form to the gateway, pays on the bank page; the trade notify acknowledged once', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 720 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${shop}/`);
  await Promise.all([page.waitForURL(`${sandboxUrl}/cashier?sessionId=*`), page.click('#clpay')]);
  await page.waitForSelector('body[data-status=WAIT]');
  assert.match(await page.textContent('#gateway'), /clpayment/);
  const outOrderId = await page.textContent('#order');
  await Promise.all([page.waitForURL(`${shop}/clpay/return`), page.click('#pay')]);
  const [d] = await until('the trade notify', async () => {
    const ds = await deliveriesOf('tradeNotify', outOrderId);
    return ds[0]?.done && ds;
  });
  assert.deepEqual([d.attempts.length, d.attempts[0].body, d.attempts[0].acked], [1, '{"code":"00"}', true]);
  assert.equal((await shopState()).orders.find((o) => o.orderId === outOrderId).status, 'PAID');
  await context.close();
});

test('a merchant answering the wrong acknowledgement is retried on CMPay\'s schedule (compressed by --clock), then given up', async () => {
  // The order placed through the merchant (its notifyUrl answers "success", not "SUCCESS").
  const placed = await fetch(`${shop}/order/cmpay?ack=wrong`, { method: 'POST', redirect: 'manual' });
  assert.equal(placed.status, 303);
  const sessionId = new URL(placed.headers.get('location')).searchParams.get('sessionId');
  const order = await (await fetch(`${sandboxUrl}/_sandbox/api/orders/${sessionId}`)).json();
  const paid = await fetch(`${sandboxUrl}/_sandbox/api/orders/${sessionId}/pay`, { method: 'POST', body: '{"outcome":"pay"}' });
  assert.equal(paid.status, 200);
  const [d] = await until('the retries to end', async () => {
    const ds = await deliveriesOf('OfflineNotify', order.orderId);
    return ds[0]?.done && ds;
  });
  assert.equal(d.attempts.length, 8, 'the first attempt and 7 retries');
  assert.ok(d.attempts.every((a) => a.status === 200 && a.body === 'success' && !a.acked));
  const times = d.attempts.map((a) => Date.parse(a.at));
  [1, 5, 10, 60, 120, 360, 900].forEach((minutes, i) => {
    const gap = times[i + 1] - times[i];
    assert.ok(gap >= (minutes * 60_000) / CLOCK - 1, `retry ${i + 1} came ${gap} ms after the previous attempt, before ${minutes} min / ${CLOCK}`);
  });
});

test('a forged notify sent to the merchant\'s handler gets 400; a replayed one is acknowledged and processed once', async () => {
  const { deliveries } = await sandboxLog();
  const d = deliveries.find((x) => x.message === 'OfflineNotify' && x.attempts[0].acked);
  // The notify as the sandbox sent it, re-signed by nobody: tampered amount.
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${sandboxUrl}/_sandbox/`);
  const before = (await shopState()).deliveries.length;
  await page.click(`tr[data-delivery="${d.id}"] button.replay`);
  await until('the replay', async () => (await shopState()).deliveries.length === before + 1);
  const s = await shopState();
  const last = s.deliveries.at(-1);
  assert.equal(s.deliveries.filter((x) => x.key === last.key).length, 3, 'PageNotify, OfflineNotify, the replay: one key');
  const replayed = (await sandboxLog()).deliveries.find((x) => x.id === d.id).attempts.at(-1);
  assert.deepEqual([replayed.replay, replayed.acked], [true, true]);
  await page.waitForSelector('#log tbody tr');
  await page.screenshot({ path: join(SHOTS, 'sandbox-log.png'), fullPage: false });
  await context.close();
  // A forged notify: a real one with the amount changed.
  const form = new URLSearchParams({
    merchantId: '888009941120001', payNo: '1', returnCode: '000000', message: '成功', signType: 'MD5', type: 'OfflineNotify',
    version: '2.0.0', amount: '100', amtItem: '', bankAbbr: 'ICBC', mobile: '', orderId: 'CM1', payDate: '20240101000000',
    accountDate: '20240101', reserved1: '', reserved2: '', status: 'SUCCESS', orderDate: '20240101', fee: '0',
  });
  form.set('hmac', cmpayHmacRef(CMPAY_ORDER.offlineNotify, Object.fromEntries(form), keys.cmpay));
  form.set('amount', '1');
  const forged = await fetch(`${shop}/cmpay/notify`, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.deepEqual([forged.status, await forged.text()], [400, 'BAD_SIGNATURE']);
});

test('the sandbox checks requests as the gateway does: IPS0008 / 09003 for a bad signature, the field\'s code when one is missing', async () => {
  const cm = { merchantId: '888009941120001', requestId: 'R1', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: 'NOPE' };
  const post = (path, body) => fetch(`${sandboxUrl}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const answer = async (r) => Object.fromEntries(new URLSearchParams(await r.text()));
  const signed = { ...cm, hmac: cmpayHmacRef(CMPAY_ORDER.orderQueryRequest, cm, keys.cmpay) };
  const notFound = await answer(await post('/ips/cmpayService', new URLSearchParams(signed).toString()));
  assert.equal(notFound.returnCode, 'D22201');
  // The sandbox's signed answer checks out with node:crypto.
  assert.equal(notFound.hmac, cmpayHmacRef(CMPAY_ORDER.orderQueryResponse, notFound, keys.cmpay));
  const bad = await answer(await post('/ips/cmpayService', new URLSearchParams({ ...signed, hmac: '0'.repeat(32) }).toString()));
  assert.equal(bad.returnCode, 'IPS0008');
  const dp = { characterSet: '02', callbackUrl: 'http://x/r', notifyUrl: 'http://x/n', ipAddress: '1.2.3.4', merchantId: '888009941120001', requestId: 'R2', signType: 'MD5', type: 'DirectPayConfirm', version: '2.0.0', amount: '1', currency: '00', orderDate: '20240101', orderId: 'X1', merAcDate: '20240101', period: '1', periodUnit: '02', productName: '' };
  dp.hmac = cmpayHmacRef(CMPAY_ORDER.directPayConfirmRequest, dp, keys.cmpay);
  const missing = await answer(await post('/ips/cmpayService', new URLSearchParams(dp).toString()));
  assert.equal(missing.returnCode, 'MCG01033', 'productName is empty');
  // clpayment: a tradeQuery with a wrong sign, then a good one for the paid e-bank order.
  const q = { merchantCode: '1000000001', outOrderId: 'NOPE' };
  const wrong = await (await post('/ebank/queryOrder.do', new URLSearchParams({ ...q, sign: 'A'.repeat(32) }).toString())).json();
  assert.equal(wrong.code, '09003');
  const { orders } = await shopState();
  const paid = orders.find((o) => o.gateway === 'clpay' && o.status === 'PAID');
  const good = { merchantCode: '1000000001', outOrderId: paid.orderId };
  const res = await (await post('/ebank/queryOrder.do', new URLSearchParams({ ...good, sign: clpaySignRef(['merchantCode', 'outOrderId'], good, keys.clpay) }).toString())).json();
  assert.equal(res.code, '00');
  assert.equal(res.data.replyCode, '00');
  assert.equal(res.data.sign, clpaySignRef(['amount', 'merchantCode', 'outOrderId', 'replyCode'], res.data, keys.clpay));
});

test('clpayment payout: signed answer, the payout notify acknowledged with success; payout query and balance signed', async () => {
  const r = await (await fetch(`${shop}/payout`, { method: 'POST' })).json();
  assert.match(r.orderId, /^\d+$/);
  const [d] = await until('the payout notify', async () => {
    const ds = await deliveriesOf('payoutNotify', r.outOrderId);
    return ds[0]?.done && ds;
  });
  assert.deepEqual([d.attempts.length, d.attempts[0].body, d.attempts[0].acked], [1, 'success', true]);
  assert.equal((await shopState()).orders.find((o) => o.orderId === r.outOrderId).status, 'PAID');
  const post = (path, fields, signed) => fetch(`${sandboxUrl}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, sign: clpaySignRef(signed, fields, keys.clpay) }).toString(),
  }).then((x) => x.json());
  const q = { merchantCode: '1000000001', outOrderId: r.outOrderId, nonceStr: 'a1'.repeat(16) };
  const pq = await post('/payment/queryState.do', q, Object.keys(q));
  assert.equal(pq.code, '00');
  assert.deepEqual([pq.data.orderId, pq.data.state], [r.orderId, '00']);
  assert.equal(pq.data.sign, clpaySignRef(['fee', 'merchantCode', 'orderId', 'outOrderId', 'state', 'totalAmount', 'transTime'], pq.data, keys.clpay));
  const b = { merchantCode: '1000000001', nonceStr: 'b2'.repeat(16) };
  const bal = await post('/payment/merBalance.do', b, Object.keys(b));
  assert.equal(bal.code, '00');
  // The starting balance, plus the e-bank payment (2 fen), minus the payout (3 fen).
  assert.equal(bal.data.balance, 100_000_000 + 2 - 3);
  assert.equal(bal.data.sign, clpaySignRef(['availableBalance', 'balance', 'frozenBalance', 'merchantCode'], bal.data, keys.clpay));
  // A return address that is not a web address is never followed (nor a notify sent to one).
  const e = { merchantCode: '1000000001', outOrderId: 'JS1', totalAmount: '5', orderCreateTime: '20240101000000', merUrl: 'javascript:alert(1)', noticeUrl: 'javascript:alert(2)', bankCode: 'ICBC', bankCardType: '01' };
  e.sign = clpaySignRef(['lastPayTime', 'merchantCode', 'orderCreateTime', 'outOrderId', 'totalAmount'], e, keys.clpay);
  const placed = await fetch(`${sandboxUrl}/ebank/pay.do`, { method: 'POST', body: new URLSearchParams(e).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert.equal(placed.status, 303);
  const sid = new URL(placed.headers.get('location')).searchParams.get('sessionId');
  const refused = await fetch(`${sandboxUrl}/_sandbox/api/orders/${sid}/pay`, { method: 'POST', body: '{"outcome":"pay"}' });
  assert.equal(refused.status, 409);
  assert.match((await refused.json()).error, /not an http\(s\) URL/);
  assert.equal((await fetch(`${sandboxUrl}/_sandbox/api/orders/${sid}/pay`, { method: 'POST', body: '{' })).status, 400);
  // The CMPay cashier takes payUrl's POST too (method post, sessionId in the form).
  const cashier = await fetch(`${sandboxUrl}/cashier`, { method: 'POST', body: 'sessionId=123', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert.deepEqual([cashier.status, cashier.headers.get('location')], [303, '/cashier?sessionId=123']);
});

test('the state survives a restart: the same keys (not printed again), the orders, the log', async () => {
  const before = await sandboxLog();
  await stop(sandbox.proc);
  sandbox = await startSandbox();
  sandboxUrl = sandbox.info.url;
  assert.deepEqual(sandbox.info.generatedKeys, {}, 'no key generated or printed the second time');
  const afterRestart = await sandboxLog();
  assert.ok(afterRestart.log.length >= before.log.length);
  assert.deepEqual(afterRestart.deliveries.map((d) => d.id), before.deliveries.map((d) => d.id));
  const cm = { merchantId: '888009941120001', requestId: 'R9', signType: 'MD5', type: 'OrderQuery', version: '2.0.0' };
  const { orders } = await shopState();
  cm.orderId = orders.find((o) => o.gateway === 'cmpay' && o.status === 'PAID').orderId;
  cm.hmac = cmpayHmacRef(CMPAY_ORDER.orderQueryRequest, cm, keys.cmpay);
  const r = Object.fromEntries(new URLSearchParams(await (await fetch(`${sandboxUrl}/ips/cmpayService`, { method: 'POST', body: new URLSearchParams(cm).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).text()));
  assert.deepEqual([r.returnCode, r.status], ['000000', 'SUCCESS']);
  assert.equal(r.hmac, cmpayHmacRef(CMPAY_ORDER.orderQueryResponse, r, keys.cmpay));
});
