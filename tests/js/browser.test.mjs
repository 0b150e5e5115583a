// The debugger page in real headless Chromium (Debian's), driven by playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { vectors, clpaySignRef } from './helpers.mjs';
import { fixtureData, rsaCheckSource, RSA_EXPECTED } from './fixture.mjs';

const OUT = new URL('../../test-output/screenshots/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const OWN_FILES = new Set(['/', '/index.html', '/style.css', '/app.js', '/pkg/debug.web.js', '/pkg/face.js', '/pkg/debug/paysign_debug_bg.js', '/pkg/debug/paysign_debug_bg.wasm']);

let server, browser, origin;
const requests = [];

before(async () => {
  server = await serve(0);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(width = 1280, height = 900, hash = '') {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => { throw e; });
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('body[data-ready=true]');
  return { context, page };
}

async function check(page, { input, key = '', target = '', pubkey = '', tdeskey = '' }) {
  await page.fill('#input', input);
  await page.selectOption('#target', target);
  await page.fill('#key', key);
  if (pubkey || tdeskey) {
    await page.evaluate(() => { document.getElementById('more-keys').open = true; });
    await page.fill('#pubkey', pubkey);
    await page.fill('#tdeskey', tdeskey);
  }
  await page.click('#check');
  await page.waitForSelector('#verdict, .verdict.error');
  return {
    verdict: await page.getAttribute('#verdict', 'data-verdict').catch(() => null),
    target: await page.getAttribute('#recognised', 'data-target').catch(() => null),
    hints: await page.$$eval('#hints li', (lis) => lis.map((li) => ({ id: li.dataset.hint, field: li.dataset.field ?? null }))),
    diff: await page.$$eval('#diff pre', (pres) => pres.map((p) => ({ text: p.textContent, marked: [...p.querySelectorAll('mark')].map((m) => m.textContent).join('') }))),
  };
}

const KEY = '123456ABDDFF';
const md5u = (s) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();
const NOTIFY = 'instructCode=150211000000000018&merchantCode=1000000267&outOrderId=80904482661769148113436093416980&totalAmount=1&transTime=20150211155604&transType=00200';

test('every manual example pasted in is recognised and valid', async () => {
  const { context, page } = await open();
  for (const v of vectors('clpay.json').valid) {
    const input = v.body ?? `${new URLSearchParams(v.params)}&sign=${v.sign}`;
    const r = await check(page, { input, key: v.key });
    assert.equal(r.target, `clpay:${v.interface}${v.part === 'response' ? ':response' : ''}`, v.name);
    assert.equal(r.verdict, 'match', v.name);
  }
  for (const v of vectors('cmpay.json').valid) {
    const r = await check(page, { input: JSON.stringify({ ...v.params, hmac: v.hmac }), key: v.key });
    assert.deepEqual([r.target, r.verdict], [`cmpay:${v.message}`, 'match'], v.name);
    assert.equal(await page.$$eval('.sig span', (s) => s.length) >= 6, true, 'inner HMAC shown');
  }
  await page.screenshot({ path: new URL('desktop-match.png', OUT).pathname, fullPage: true });
  await context.close();
});

test('each known mistake is diagnosed first', async () => {
  const { context, page } = await open();
  const sign = (src, key = KEY) => md5u(`${src}&KEY=${key}`);
  const json = (outOrderId, signSrcValue) => {
    const src = `instructCode=1&merchantCode=1000000267&outOrderId=${signSrcValue}&totalAmount=1&transTime=20150211155604&transType=00200`;
    return JSON.stringify({ instructCode: '1', merchantCode: '1000000267', outOrderId, totalAmount: 1, transTime: '20150211155604', transType: '00200', sign: sign(src) });
  };
  const cmKey = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
  const two = (src) => createHmac('md5', cmKey).update(createHmac('md5', '').update(src).digest('hex')).digest('hex');
  const oq = { merchantId: '888009941120001', requestId: 'r1', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: 'o1' };
  const oqSrc = Object.values(oq).join('');
  const cases = [
    ['hex-case', { input: `${NOTIFY}&sign=${sign(NOTIFY).toLowerCase()}`, key: KEY }],
    ['field-signed-extra', { input: `${NOTIFY}&ext=abc&sign=${sign(`ext=abc&${NOTIFY}`)}`, key: KEY }, 'ext'],
    ['field-not-signed', { input: `${NOTIFY}&sign=${sign(NOTIFY.replace('&transType=00200', ''))}`, key: KEY }, 'transType'],
    ['order-received', { input: `transType=00200&merchantCode=1000000267&instructCode=1&outOrderId=A&totalAmount=1&transTime=20150211155604&sign=${sign('transType=00200&merchantCode=1000000267&instructCode=1&outOrderId=A&totalAmount=1&transTime=20150211155604')}`, key: KEY }],
    ['message-type', { input: JSON.stringify({ code: '00', msg: 'ok', data: { amount: 5, merchantCode: '1000000001', outOrderId: 'O1', replyCode: '00', sign: sign('merchantCode=1000000001&outOrderId=O1') } }), key: KEY }],
    ['percent-not-decoded', { input: `instructCode=1&merchantCode=1000000267&outOrderId=A+B%2F%E4%B8%AD&totalAmount=1&transTime=20150211155604&transType=00200&sign=${sign('instructCode=1&merchantCode=1000000267&outOrderId=A+B%2F%E4%B8%AD&totalAmount=1&transTime=20150211155604&transType=00200')}`, key: KEY }, 'outOrderId'],
    ['percent-decoded-twice', { input: json('x%41', 'xA'), key: KEY }, 'outOrderId'],
    ['plus-space', { input: json('a+b', 'a b'), key: KEY }, 'outOrderId'],
    ['whitespace', { input: json(' A1 ', 'A1'), key: KEY }, 'outOrderId'],
    ['key-whitespace', { input: `${NOTIFY}&sign=${md5u(`${NOTIFY}&KEY=${KEY}\n`)}`, key: KEY }],
    ['single-hmac', { input: `${new URLSearchParams(oq)}&hmac=${createHmac('md5', cmKey).update(oqSrc).digest('hex')}`, key: cmKey }],
    ['key-wrong', { input: `${NOTIFY}&sign=${sign(NOTIFY, 'another')}`, key: KEY }],
    ['order-received', { input: `type=OrderQuery&merchantId=888009941120001&requestId=r1&signType=MD5&version=2.0.0&orderId=o1&hmac=${two('OrderQuery888009941120001r1MD52.0.0o1')}`, key: cmKey }],
  ];
  // GBK bytes of a Chinese sign source (clpayment): 和包 is BA CD B0 FC in GBK.
  const gbkSrc = Buffer.concat([Buffer.from('instructCode=1&merchantCode=1000000267&outOrderId='), Buffer.from([0xba, 0xcd, 0xb0, 0xfc]), Buffer.from(`&totalAmount=1&transTime=20150211155604&transType=00200&KEY=${KEY}`)]);
  const gbkSign = createHash('md5').update(gbkSrc).digest('hex').toUpperCase();
  cases.push(['gbk-bytes', { input: JSON.stringify({ instructCode: '1', merchantCode: '1000000267', outOrderId: '和包', totalAmount: 1, transTime: '20150211155604', transType: '00200', sign: gbkSign }), key: KEY }]);
  // Encrypted versus plain card value, with the 3DES key given.
  const tdesKey = 'abcdefghijklmnopqrstuvwx';
  const { tdesEncrypt } = await import('paysign');
  const ct = tdesEncrypt('6222021234567890123', tdesKey);
  const qp = { merchantCode: '1000000001', outOrderId: 'Q1', totalAmount: '100', merchantOrderTime: '20240101120000', merUrl: 'u', notifyUrl: 'n', randomStr: 'r', payAccount: ct };
  const plainSign = clpaySignRef(['merchantCode', 'merchantOrderTime', 'notifyUrl', 'outOrderId', 'outUserId', 'payAccount', 'totalAmount'], { ...qp, payAccount: '6222021234567890123' }, KEY);
  cases.push(['card-plain', { input: `${new URLSearchParams({ ...qp, sign: plainSign })}`, key: KEY, target: 'clpay:quickPayOther', tdeskey: tdesKey }, 'payAccount']);
  const encSign = clpaySignRef(['merchantCode', 'merchantOrderTime', 'notifyUrl', 'outOrderId', 'outUserId', 'payAccount', 'totalAmount'], qp, KEY);
  cases.push(['card-encrypted', { input: `${new URLSearchParams({ ...qp, payAccount: '6222021234567890123', sign: encSign })}`, key: KEY, target: 'clpay:quickPayOther', tdeskey: tdesKey }, 'payAccount']);

  for (const [id, c, field] of cases) {
    const r = await check(page, c);
    assert.equal(r.verdict, 'mismatch', id);
    assert.equal(r.hints[0]?.id, id, `${id}: got ${JSON.stringify(r.hints)}`);
    if (field) assert.equal(r.hints[0].field, field, id);
  }
  // A paired mistake (a field left out, and the key read from a file with its newline), shown
  // as a diff of the two sign sources: the field missing on the sender's side is marked.
  const withoutType = NOTIFY.replace('&transType=00200', '');
  const paired = await check(page, { input: `${NOTIFY}&sign=${md5u(`${withoutType}&KEY=${KEY}\n`)}`, key: KEY });
  assert.equal(paired.hints[0]?.id, 'field-not-signed+key-whitespace', JSON.stringify(paired.hints));
  const [correct, signed] = paired.diff;
  assert.match(correct.marked, /transType=00200/);
  assert.equal(signed.marked, '');
  assert.ok(!correct.text.includes(KEY) && !signed.text.includes(KEY));
  assert.match(await page.textContent('#coverage'), /variants|变体/);
  const encoded = await check(page, cases.find(([id]) => id === 'percent-not-decoded')[1]);
  assert.match(encoded.diff[1].marked, /%2F|%E4/);
  await page.screenshot({ path: new URL('desktop-mismatch.png', OUT).pathname, fullPage: true });
  await context.close();
});

test('the page requests only its own files, and the key ends up in no URL or storage', async () => {
  requests.length = 0;
  const secret = 'SECRET-KEY-value-9f8e7d6c5b4a';
  const { context, page } = await open(1280, 900, '#input=a%3D1');
  assert.equal(await page.inputValue('#input'), 'a=1', 'a share link fills in the message');
  await check(page, { input: `${NOTIFY}&sign=00`, key: secret, pubkey: '', tdeskey: 'TDES-SECRET-000000000000' });
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('share-out').textContent.length > 0);
  const shared = await page.textContent('#share-out');
  assert.ok(!shared.includes(secret) && !shared.includes('TDES-SECRET'));
  for (const tab of ['#tab-codes', '#tab-payurl', '#tab-tdes', '#tab-rsa', '#tab-debug']) await page.click(tab);
  const state = await page.evaluate(() => ({
    url: location.href, local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }),
    cookie: document.cookie, history: history.length,
  }));
  for (const v of [state.url, state.local, state.session, state.cookie, page.url()]) {
    assert.ok(!v.includes(secret) && !v.includes('TDES-SECRET'), v);
  }
  assert.deepEqual((await context.cookies()), []);
  const seen = new Set(requests.map((u) => new URL(u)).map((u) => { assert.equal(u.origin, origin, `request to ${u}`); return u.pathname; }));
  for (const path of seen) assert.ok(OWN_FILES.has(path), `unexpected request ${path}`);
  assert.ok(seen.has('/pkg/debug/paysign_debug_bg.wasm'));
  await context.close();
});

test('tools: codes, payUrl, 3DES, RSA inspector, language switch', async () => {
  const { context, page } = await open();
  await page.click('#tab-codes');
  await page.fill('#code-q', 'IPS0008');
  assert.match(await page.textContent('#code-out'), /签名不符/);
  await page.click('#lang');
  assert.match(await page.textContent('#code-out'), /Signature mismatch/);
  await page.fill('#code-q', '09003');
  assert.match(await page.textContent('#code-out'), /Signature verification failed/);
  await page.click('#tab-payurl');
  await page.click('#payurl-go');
  assert.equal(await page.textContent('#payurl-redirect'), 'https://ipos.10086.cn/ips/FormTrans3?sessionId=2011010199999');
  assert.match(await page.textContent('#payurl-form'), /method="post"/);
  await page.click('#tab-tdes');
  await page.fill('#tdes-text', '6222021234567890123');
  await page.fill('#tdes-key', 'abcdefghijklmnopqrstuvwx');
  await page.click('#tdes-enc');
  const ct = await page.textContent('#tdes-out');
  await page.fill('#tdes-text', ct);
  await page.click('#tdes-dec');
  assert.equal(await page.textContent('#tdes-out'), '6222021234567890123');
  await page.click('#tab-rsa');
  const rsa = vectors('cmpay.json').rsa;
  await page.fill('#rsa-priv', rsa.privateKey);
  await page.fill('#rsa-pub', rsa.certificate);
  await page.click('#rsa-go');
  const text = await page.textContent('#rsa-out');
  assert.match(text, /pkcs8-private/);
  assert.match(text, /x509-certificate/);
  assert.match(text, /belong together/);
  await page.screenshot({ path: new URL('desktop-rsa.png', OUT).pathname, fullPage: true });
  // keyboard: tabs move with the arrow keys
  await page.focus('#tab-rsa');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#tab-debug', 'aria-selected'), 'true');
  // every form control has a label
  const unlabelled = await page.$$eval('input, select, textarea', (els) => els.filter((e) => !e.labels?.length).map((e) => e.id));
  assert.deepEqual(unlabelled, []);
  await context.close();
});

test('phone width: no horizontal overflow in the main states; screenshots', async () => {
  const { context, page } = await open(390, 844);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: new URL('phone-empty.png', OUT).pathname, fullPage: true });
  assert.ok((await overflow()) <= 0, 'empty page');
  await page.click('#samples summary');
  await page.click('button[data-sample="cmpay:offlineNotify"]');
  await page.waitForSelector('#verdict[data-verdict=match]');
  assert.ok((await overflow()) <= 0, 'match');
  await page.screenshot({ path: new URL('phone-match.png', OUT).pathname, fullPage: true });
  await check(page, { input: `${NOTIFY}&sign=${md5u(`${NOTIFY}&KEY=${KEY}`).toLowerCase()}`, key: KEY });
  assert.ok((await overflow()) <= 0, 'mismatch');
  await page.screenshot({ path: new URL('phone-mismatch.png', OUT).pathname, fullPage: true });
  for (const tab of ['#tab-codes', '#tab-payurl', '#tab-tdes', '#tab-rsa']) {
    await page.click(tab);
    assert.ok((await overflow()) <= 0, tab);
  }
  await context.close();
});

test('every sample button fills in a valid, recognised example', async () => {
  const { context, page } = await open();
  const specs = await page.$$eval('button[data-sample]', (bs) => bs.map((b) => b.dataset.sample));
  assert.ok(specs.length >= 20);
  await page.click('#samples summary');
  for (const spec of specs) {
    await page.click(`button[data-sample="${spec}"]`);
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'match', spec);
    await page.selectOption('#target', '');
    await page.click('#check');
    await page.waitForSelector('#verdict');
    assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'match', `${spec} (recognised)`);
  }
  await context.close();
});

test('Chromium: CMPay RSA on WebCrypto through the async forms (the page\'s own module), as OpenSSL signs', async () => {
  const { context, page } = await open();
  const result = await page.evaluate(`(async () => {\n${rsaCheckSource(fixtureData())}\nreturn rsaCheck(await import('./pkg/debug.web.js'));\n})()`);
  assert.deepEqual(result, RSA_EXPECTED(4));
  await context.close();
});
