// Bad input through the JS boundary: every error is a real Error with a stable code, nothing
// panics (a panic would poison the wasm instance; each test ends by checking it still works).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
// The debug module has every function (lean, RSA, debugger); the lean module's own errors are
// checked at the end.
import * as paysign from 'paysign/debug';
import * as lean from 'paysign';
import { throwsCode } from './helpers.mjs';

const { Cmpay, cmpaySignSource, cmpayParsePayUrl, cmpayParseAmtItem, inspectRsaKey, rsaKeysMatch, cmpayCode } = paysign;
const { Clpay, clpaySignSource, clpayInterface, clpayNotifyAck, clpayCode, clpayBank, tdesEncrypt, tdesDecrypt, maxBodyLength } = paysign;
const reached = new Set();
const expectCode = (fn, code, field) => reached.add(throwsCode(assert, fn, code, field).code);

const KEY = 'secretKEY0123456789secretKEY0123';
const c = new Clpay(KEY);
const GARBAGE = [undefined, null, 0, 1.5, NaN, true, [], ['a'], {}, () => 1, Symbol('s'), 10n, new Date(0)];

test('wrong argument types are PaysignErrors with code BAD_TYPE', () => {
  for (const g of GARBAGE) {
    if (typeof g !== 'string') {
      const e = throwsCode(assert, () => new Clpay(g), 'BAD_TYPE', 'key');
      assert.ok(e instanceof paysign.PaysignError && e instanceof Error && e.name === 'PaysignError');
      reached.add(e.code);
    }
    if (!(g && typeof g === 'object' && !Array.isArray(g) && !(g instanceof Date))) {
      expectCode(() => c.sign('tradeQuery', g), 'BAD_TYPE', 'params');
    }
    if (typeof g !== 'string') expectCode(() => c.sign(g, {}), 'BAD_TYPE', 'interfaceId');
    if (g !== undefined && g !== null && typeof g !== 'string' && !(typeof g === 'object' && !Array.isArray(g) && !(g instanceof Date))) {
      expectCode(() => c.verifyNotify(g), 'BAD_TYPE', 'body');
    }
    if (typeof g !== 'string') {
      expectCode(() => c.verifyResponse('tradeQuery', g ?? 5), 'BAD_TYPE', 'body');
      expectCode(() => tdesEncrypt(g, 'k'.repeat(24)), 'BAD_TYPE', 'plaintext');
      expectCode(() => tdesDecrypt('AAAAAAAAAAA=', g), 'BAD_TYPE', 'key');
      expectCode(() => clpayCode(g), 'BAD_TYPE', 'code');
      expectCode(() => clpayBank(g), 'BAD_TYPE', 'query');
      expectCode(() => clpayNotifyAck(g), 'BAD_TYPE', 'kind');
    }
  }
  // Values inside a parameter object: strings and safe integers only.
  for (const bad of [1.5, NaN, Infinity, 2 ** 60, true, [], {}, ['1'], () => 1, 10n, Symbol('x')]) {
    expectCode(() => c.sign('tradeQuery', { merchantCode: bad }), 'BAD_TYPE', 'merchantCode');
    expectCode(() => c.verifyNotify({ instructCode: '1', totalAmount: bad, sign: 'A' }), 'BAD_TYPE', 'totalAmount');
  }
  assert.equal(c.sign('tradeQuery', { merchantCode: 1000000001, outOrderId: null }), c.sign('tradeQuery', { merchantCode: '1000000001' }));
  // Null-prototype objects (what node:querystring returns) are plain objects too.
  const bare = Object.assign(Object.create(null), { merchantCode: '1000000001' });
  assert.equal(c.sign('tradeQuery', bare), c.sign('tradeQuery', { merchantCode: '1000000001' }));
  expectCode(() => c.sign('tradeQuery', new Map([['merchantCode', '1']])), 'BAD_TYPE', 'params');
});

test('request validation names the field', () => {
  const base = { merchantCode: '1000000001', outOrderId: 'A1', totalAmount: '100', orderCreateTime: '20240101120000', merUrl: 'u', noticeUrl: 'n', bankCode: 'ICBC', bankCardType: '01' };
  assert.equal(c.signRequest('ebank', base).interface, 'ebank');
  const { merUrl, ...noMerUrl } = base;
  void merUrl;
  expectCode(() => c.signRequest('ebank', noMerUrl), 'MISSING_FIELD', 'merUrl');
  expectCode(() => c.signRequest('ebank', { ...base, merUrl: '' }), 'MISSING_FIELD', 'merUrl');
  for (const amount of ['0', '1.00', '-5', '1e3', 'abc', 0, -1]) expectCode(() => c.signRequest('ebank', { ...base, totalAmount: amount }), 'BAD_AMOUNT', 'totalAmount');
  for (const t of ['2024-01-01 12:00:00', '20241301120000', '202401011200', '20240101126000']) expectCode(() => c.signRequest('ebank', { ...base, orderCreateTime: t }), 'BAD_TIME', 'orderCreateTime');
  expectCode(() => c.signRequest('ebank', { ...base, bankCardType: '02' }), 'NOT_IN_ENUM', 'bankCardType');
  expectCode(() => c.signRequest('ebank', { ...base, bankCode: 'СМВ' }), 'NOT_IN_ENUM', 'bankCode');
  expectCode(() => c.signRequest('ebank', { ...base, goodsName: '商'.repeat(21) }), 'TOO_LONG', 'goodsName');
  expectCode(() => c.signRequest('ebank', { ...base, merchantCode: '10000x0001' }), 'BAD_FORMAT', 'merchantCode');
  expectCode(() => c.signRequest('ebank', { ...base, timeStamp: '1' }), 'UNKNOWN_FIELD', 'timeStamp');
  expectCode(() => c.signRequest('nope', base), 'UNKNOWN_MESSAGE');
  expectCode(() => c.sign('tradeQuery', base, 'sideways'), 'BAD_OPTION', 'part');
  expectCode(() => clpaySignSource('nope', {}), 'UNKNOWN_MESSAGE');
  expectCode(() => clpayInterface('nope'), 'UNKNOWN_MESSAGE');
  expectCode(() => new Clpay(''), 'BAD_KEY', 'key');
});

test('malformed bodies: syntax, size, UTF-8, missing sign, unknown notify', () => {
  expectCode(() => c.verifyNotify('a=%zz'), 'BAD_BODY');
  expectCode(() => c.verifyNotify('{"a":'), 'BAD_BODY');
  expectCode(() => c.verifyNotify('instructCode=1&instructCode=2'), 'DUPLICATE_FIELD', 'instructCode');
  expectCode(() => c.verifyNotify('{"instructCode":"1","instructCode":"2"}'), 'DUPLICATE_FIELD', 'instructCode');
  expectCode(() => c.verifyNotify('a=&'.repeat(300)), 'TOO_MANY_FIELDS');
  expectCode(() => c.verifyNotify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, '']))), 'TOO_MANY_FIELDS', 'body');
  expectCode(() => c.verifyNotify('{"instructCode":"1"}', { contentType: 'application/x-www-form-urlencoded' }), 'BAD_BODY');
  expectCode(() => c.verifyNotify(''), 'BAD_BODY');
  expectCode(() => c.verifyResponse('tradeQuery', '[1,2]'), 'BAD_BODY');
  expectCode(() => c.verifyResponse('tradeQuery', '{"code":"00","data":[1]}'), 'BAD_TYPE', 'data');
  const big = 'x'.repeat(maxBodyLength() + 1);
  const e = throwsCode(assert, () => c.verifyNotify(big), 'BODY_TOO_LARGE');
  assert.ok(e instanceof paysign.PaysignError);
  reached.add(e.code);
  expectCode(() => c.verifyNotify(new Uint8Array(maxBodyLength() + 1)), 'BODY_TOO_LARGE');
  expectCode(() => c.verifyNotify(new Uint8Array([0x61, 0x3d, 0xff, 0xfe])), 'BAD_ENCODING', 'a');
  expectCode(() => c.verifyNotify(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 'BAD_ENCODING', 'body');
  expectCode(() => c.verifyNotify('instructCode=1&transType=00200'), 'MISSING_FIELD', 'sign');
  expectCode(() => c.verifyNotify('foo=1&sign=AB'), 'UNKNOWN_MESSAGE');
  expectCode(() => c.verifyNotify('foo=1&sign=AB', 'refund'), 'UNKNOWN_MESSAGE');
  expectCode(() => c.verifyNotify({ foo: '1' }, 'nope'), 'UNKNOWN_MESSAGE');
  expectCode(() => c.verifyNotify({ foo: '1', sign: 'A' }), 'UNKNOWN_MESSAGE', undefined); // same recognition as a raw body
  expectCode(() => c.verifyResponse('tradeQuery', '{"msg":"x"}'), 'MISSING_FIELD', 'code');
});

test('3DES errors', () => {
  const key = 'abcdefghijklmnopqrstuvwx';
  expectCode(() => tdesEncrypt('x', 'short'), 'BAD_KEY', 'key');
  expectCode(() => tdesEncrypt('x', key, { mode: 'cbc' }), 'BAD_IV');
  expectCode(() => tdesDecrypt('%%%', key), 'BAD_CIPHERTEXT');
  expectCode(() => tdesDecrypt(tdesEncrypt('x', key), 'b'.repeat(24)), 'BAD_PADDING');
  expectCode(() => tdesEncrypt('x', key, { output: 'rot13' }), 'BAD_OPTION', 'output');
});

test('CMPay bad input: keys, charsets, signatures, payUrl, amtItem, messages', () => {
  const md5 = new Cmpay('k'.repeat(64));
  for (const g of GARBAGE) {
    if (typeof g !== 'string' && !(g && typeof g === 'object' && !Array.isArray(g))) expectCode(() => new Cmpay(g), 'BAD_TYPE', 'keys');
    if (typeof g !== 'string') {
      expectCode(() => cmpayParsePayUrl(g), 'BAD_TYPE', 'payUrl');
      expectCode(() => inspectRsaKey(g), 'BAD_TYPE', 'key');
      expectCode(() => cmpayCode(g), 'BAD_TYPE', 'code');
    }
  }
  expectCode(() => new Cmpay({ signKey: 5 }), 'BAD_TYPE', 'keys.signKey');
  expectCode(() => new Cmpay({}), 'BAD_KEY', 'keys');
  expectCode(() => new Cmpay(''), 'BAD_KEY', 'signKey');
  expectCode(() => new Cmpay({ privateKey: 'not a key' }), 'BAD_KEY', 'privateKey');
  expectCode(() => new Cmpay({ serverCert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }), 'BAD_KEY', 'serverCert');
  expectCode(() => inspectRsaKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----'), 'BAD_KEY', 'key');
  expectCode(() => rsaKeysMatch('AAAA', 'AAAA'), 'BAD_KEY', 'privateKey');
  const notify = { merchantId: '888009941120001', payNo: '2', returnCode: '000000', signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100', amtItem: 'CNY_AMT=90#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', orderId: 'SO-1', payDate: '20240102030405', accountDate: '20240102', status: 'SUCCESS', orderDate: '20240102', fee: '0' };
  const hmac = md5.sign(notify);
  // A valid hmac over an amtItem that does not add up: answered, not thrown.
  const inconsistent = md5.verifyNotify({ ...notify, hmac });
  assert.equal(inconsistent.valid, false);
  assert.deepEqual([inconsistent.reason.code, inconsistent.reason.field], ['INCONSISTENT', 'amtItem']);
  reached.add('INCONSISTENT');
  const forged = md5.verifyNotify({ ...notify, hmac: '0'.repeat(32) });
  assert.deepEqual([forged.valid, forged.reason.code, forged.reason.field], [false, 'BAD_SIGNATURE', 'hmac']);
  reached.add('BAD_SIGNATURE');
  const freed = new Cmpay('k');
  freed.free();
  expectCode(() => freed.sign(notify), 'FREED');
  expectCode(() => cmpayParseAmtItem('CNY_AMT=1', '2'), 'INCONSISTENT', 'amtItem');
  expectCode(() => cmpayParseAmtItem('CNY_AMT=x', '2'), 'BAD_FORMAT', 'amtItem');
  expectCode(() => md5.verifyNotify({ ...notify }), 'MISSING_FIELD', 'hmac');
  expectCode(() => md5.verifyNotify({ ...notify, signType: 'SHA256', hmac }), 'NOT_IN_ENUM', 'signType');
  expectCode(() => md5.verifyNotify({ ...notify, signType: 'RSA', hmac: 'zz' }), 'BAD_KEY', 'serverCert');
  expectCode(() => md5.sign({ ...notify, signType: 'RSA' }), 'BAD_KEY', 'privateKey');
  expectCode(() => md5.verifyNotify('a=1', { charset: 'latin1' }), 'BAD_CHARSET');
  expectCode(() => md5.verifyNotify('a=1', { charset: 5 }), 'BAD_TYPE', 'options.charset');
  expectCode(() => md5.verifyNotify('a=1'), 'MISSING_FIELD', 'type');
  expectCode(() => md5.verifyNotify('type=Refund'), 'UNKNOWN_MESSAGE');
  expectCode(() => md5.verifyNotify('type=OfflineNotify', { message: 'nope' }), 'UNKNOWN_MESSAGE');
  expectCode(() => md5.buildRequest({ ...notify }), 'UNKNOWN_MESSAGE');
  expectCode(() => md5.buildRequest({ type: 'OrderQuery', signType: 'MD5' }, { signatureEncoding: 'rot13' }), 'BAD_OPTION', 'signatureEncoding');
  const order = { merchantId: '888009941120001', requestId: 'r', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: 'o' };
  expectCode(() => md5.buildRequest({ ...order, version: '1.0.0' }), 'NOT_IN_ENUM', 'version');
  expectCode(() => md5.buildRequest({ ...order, orderId: 'x'.repeat(51) }), 'TOO_LONG', 'orderId');
  expectCode(() => md5.buildRequest({ ...order, extra: '1' }), 'UNKNOWN_FIELD', 'extra');
  expectCode(() => cmpaySignSource({ type: 'OrderQuery' }, 'nope'), 'UNKNOWN_MESSAGE');
  expectCode(() => cmpayParsePayUrl('url<hi:=>javascript:alert(1)'), 'BAD_PAYURL');
  expectCode(() => md5.verifyNotify(new Uint8Array([0x74, 0x79, 0x70, 0x65, 0x3d, 0x81]), { charset: 'GBK' }), 'BAD_ENCODING', 'type');
  // An RSA message whose signature is neither hex nor base64 of the modulus length.
  const cert = JSON.parse(readFileSync(new URL('../vectors/cmpay.json', import.meta.url), 'utf8')).rsa.certificate;
  const rsa = new Cmpay({ serverCert: cert });
  expectCode(() => rsa.verifyNotify({ ...notify, signType: 'RSA', hmac: 'abc' }), 'BAD_SIGNATURE_FORMAT', 'hmac');
});

test('random garbage into the debugger and the parsers: typed errors only, never a wasm trap', () => {
  const { debugAnalyse } = paysign;
  const pieces = ['=', '&', '%', '%zz', '%BA%CD', '+', ' ', '\u3000', '和', '😀', '{', '}', '"', ':', 'sign', 'hmac', 'type', 'OfflineNotify', 'OrderQuery', 'returnCode', 'signType', 'RSA', '<hi:=>', '<hi:$$>', 'url', 'https://x', '\n', 'AAAA', '-----BEGIN ', 'data', 'code', '1e999'];
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const text = () => Array.from({ length: next() % 30 }, () => pieces[next() % pieces.length]).join('');
  const md5 = new Cmpay('k');
  for (let i = 0; i < 1500; i++) {
    const t = text();
    for (const fn of [() => debugAnalyse({ input: t, key: 'k' }), () => md5.verifyNotify(t), () => c.verifyNotify(t), () => cmpayParsePayUrl(t), () => inspectRsaKey(t), () => tdesDecrypt(t, 'abcdefghijklmnopqrstuvwx')]) {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof Error && typeof e.code === 'string', `not a typed error for ${JSON.stringify(t)}: ${e}`);
      }
    }
  }
  assert.equal(md5.sign({ merchantId: '1', requestId: 'r', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: 'o' }).length, 32, 'still alive');
});

test('no secure random source: RANDOM_UNAVAILABLE, not a crash', () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('paysign');
  const out = execFileSync(process.execPath, ['-e', `delete globalThis.crypto; const p = require(${JSON.stringify(entry)}); try { p.nonce(); console.log('none') } catch (e) { console.log(e.code, e instanceof Error) }`]).toString().trim();
  assert.equal(out, 'RANDOM_UNAVAILABLE true');
  // Blinded RSA signing in wasm needs the random source too: an error, not a trap that kills the
  // instance (node:crypto's RSA, the default in Node, does not use it).
  const rsa = JSON.parse(readFileSync(new URL('../vectors/cmpay.json', import.meta.url), 'utf8')).rsa;
  const script = `delete globalThis.crypto; const p = require(${JSON.stringify(require.resolve('paysign/rsa'))});
    const c = new p.Cmpay({ privateKey: ${JSON.stringify(rsa.privateKey)}, rsa: 'wasm' });
    const f = { merchantId: '888009941120001', requestId: 'r', signType: 'RSA', type: 'OrderQuery', version: '2.0.0', orderId: 'o' };
    try { c.sign(f); console.log('none') } catch (e) { console.log(e.code, e instanceof Error, new p.Cmpay('k').sign({ ...f, signType: 'MD5' }).length) }`;
  assert.equal(execFileSync(process.execPath, ['-e', script]).toString().trim(), 'RANDOM_UNAVAILABLE true 32');
  reached.add('RANDOM_UNAVAILABLE');
});

test('no error message or property ever carries the key', () => {
  const secret = 'TOPSECRET-md5-key-value-000000000';
  const k = new Clpay(secret);
  for (const fn of [() => k.signRequest('ebank', { totalAmount: 'x' }), () => k.verifyNotify('a=%zz'), () => tdesEncrypt('x', secret), () => tdesDecrypt('AAAAAAAAAAA=', 'TOPSECRET-3des-key-00000', { padding: 'pkcs7' })]) {
    try {
      fn();
      assert.fail('should throw');
    } catch (e) {
      const all = JSON.stringify({ ...e, message: e.message, stack: e.stack });
      assert.ok(!all.includes('TOPSECRET'), all);
    }
  }
});

test('the instance still works after every error above, and every error code was reached', () => {
  const v = JSON.parse(readFileSync(new URL('../vectors/clpay.json', import.meta.url), 'utf8')).valid.find((x) => x.interface === 'tradeNotify');
  assert.equal(new Clpay(v.key).verifyNotify(v.body).valid, true);
  // The lean module has no RSA: asking it for RSA is a typed error, not a silent false.
  const md5 = 'k'.repeat(64);
  for (const keys of [{ privateKey: 'x' }, { signKey: md5, serverCert: 'x' }]) {
    const e = throwsCode(assert, () => new lean.Cmpay(keys), 'RSA_UNAVAILABLE');
    assert.ok(e instanceof lean.PaysignError);
    reached.add(e.code);
  }
  expectCode(() => new lean.Cmpay(md5).sign({ type: 'OrderQuery', signType: 'RSA' }), 'RSA_UNAVAILABLE', 'signType');
  assert.equal(lean.PaysignError, paysign.PaysignError, 'one PaysignError class for every module');
  const dts = readFileSync(new URL('../../pkg/dist/debug.d.ts', import.meta.url), 'utf8');
  const all = [...dts.match(/export type PaysignErrorCode =([^;]*);/)[1].matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]);
  const missing = all.filter((code) => !reached.has(code));
  assert.deepEqual(missing, []);
});
