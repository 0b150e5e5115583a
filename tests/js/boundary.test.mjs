// The JS boundary as an attacker meets it: hostile values in every argument of every function,
// 10^5 times over, must each get a typed error with a `code`, and leave the module working with
// its wasm stack pointer where it started. And no error text may quote a key given in the wrong
// argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// The debug module: it has every function of the package (lean, RSA and debugger).
import * as paysign from 'paysign/debug';
import * as glue from '../../pkg/dist/debug/paysign_debug_bg.js';
import { makeFace, instantiate, PaysignError } from '../../pkg/dist/face.js';
import { vectors } from './helpers.mjs';

const clpayNotify = vectors('clpay.json').valid.find((v) => v.interface === 'tradeNotify');
const CLPAY_KEY = clpayNotify.key;

function hostileValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const detachedBuffer = new ArrayBuffer(8);
  const detached = new Uint8Array(detachedBuffer);
  structuredClone(detachedBuffer, { transfer: [detachedBuffer] });
  class Liar extends Uint8Array {
    get length() { return 1 << 30; }
  }
  const trap = new Proxy({}, { get() { throw new Error('get trap'); }, ownKeys() { throw new Error('ownKeys trap'); }, getPrototypeOf() { throw new Error('proto trap'); } });
  return [
    revoked.proxy,
    trap,
    { get hmac() { throw 0; }, get type() { throw 0; }, get instructCode() { throw 0; } },
    { get signKey() { throw new Error('x'); } },
    { toString() { throw new Error('x'); } },
    detached,
    new Liar(4),
    Symbol('s'),
    10n,
    'x'.repeat(10_000_000),
    '\ud800instructCode=1',
    { instructCode: '\udc00', sign: 'A' },
    () => 1,
    new Date(0),
    [1, 2],
    Object.create({ instructCode: '1' }),
  ];
}

// Every export with a plausible valid argument list, to put hostile values into.
function calls(p, clpay, cmpay) {
  const base = { merchantCode: '1000000001', outOrderId: 'A1' };
  return [
    ['new Clpay', (a) => new p.Clpay(a[0]), [CLPAY_KEY]],
    ['new Cmpay', (a) => new p.Cmpay(a[0]), ['k'.repeat(64)]],
    ['Clpay.sign', (a) => clpay.sign(a[0], a[1], a[2]), ['tradeQuery', base, 'request']],
    ['Clpay.verify', (a) => clpay.verify(a[0], a[1], a[2]), ['tradeQuery', { ...base, sign: 'A' }, 'request']],
    ['Clpay.signRequest', (a) => clpay.signRequest(a[0], a[1]), ['tradeQuery', base]],
    ['Clpay.verifyNotify', (a) => clpay.verifyNotify(a[0], a[1]), [clpayNotify.body, 'tradeNotify']],
    ['Clpay.isValidNotify', (a) => clpay.isValidNotify(a[0], a[1]), [clpayNotify.body, { contentType: 'application/json' }]],
    ['Clpay.verifyResponse', (a) => clpay.verifyResponse(a[0], a[1]), ['tradeQuery', '{"code":"00"}']],
    ['Clpay.verifyRequest', (a) => clpay.verifyRequest(a[0], a[1], a[2]), ['tradeQuery', 'merchantCode=1&outOrderId=A1&sign=A', { contentType: 'application/x-www-form-urlencoded' }]],
    ['Cmpay.verifyRequest', (a) => cmpay.verifyRequest(a[0], a[1]), ['type=OrderQuery&hmac=a', { charset: 'UTF-8' }]],
    ['Cmpay.buildMessage', (a) => cmpay.buildMessage(a[0], a[1]), [{ type: 'OrderQuery', returnCode: 'D22201' }, { message: 'orderQueryResponse', charset: 'GBK' }]],
    ['Cmpay.sign', (a) => cmpay.sign(a[0], a[1]), [{ type: 'OrderQuery', signType: 'MD5' }, 'orderQueryRequest']],
    ['Cmpay.signTrace', (a) => cmpay.signTrace(a[0], a[1]), [{ type: 'OrderQuery', signType: 'MD5' }, undefined]],
    ['Cmpay.verify', (a) => cmpay.verify(a[0], a[1]), [{ type: 'OrderQuery', signType: 'MD5', hmac: 'a' }, undefined]],
    ['Cmpay.buildRequest', (a) => cmpay.buildRequest(a[0], a[1]), [{ type: 'OrderQuery' }, { message: 'orderQueryRequest' }]],
    ['Cmpay.verifyNotify', (a) => cmpay.verifyNotify(a[0], a[1]), ['type=OfflineNotify', { charset: 'UTF-8' }]],
    ['Cmpay.isValidNotify', (a) => cmpay.isValidNotify(a[0], a[1]), ['type=OfflineNotify', undefined]],
    ['Cmpay.verifyResponse', (a) => cmpay.verifyResponse(a[0], a[1]), ['type=OrderQuery', undefined]],
    ['clpaySignSource', (a) => p.clpaySignSource(a[0], a[1], a[2]), ['tradeQuery', base, 'request']],
    ['clpayNotifyAck', (a) => p.clpayNotifyAck(a[0]), ['tradeNotify']],
    ['clpayInterface', (a) => p.clpayInterface(a[0]), ['tradeQuery']],
    ['clpayCode', (a) => p.clpayCode(a[0]), ['00']],
    ['clpayBank', (a) => p.clpayBank(a[0]), ['ICBC']],
    ['tdesEncrypt', (a) => p.tdesEncrypt(a[0], a[1], a[2]), ['6222', 'abcdefghijklmnopqrstuvwx', { mode: 'ecb' }]],
    ['tdesDecrypt', (a) => p.tdesDecrypt(a[0], a[1], a[2]), ['AAAAAAAAAAA=', 'abcdefghijklmnopqrstuvwx', undefined]],
    ['cmpaySignSource', (a) => p.cmpaySignSource(a[0], a[1]), [{ type: 'OrderQuery' }, 'orderQueryRequest']],
    ['cmpayRecognise', (a) => p.cmpayRecognise(a[0]), [{ type: 'OrderQuery' }]],
    ['cmpayParsePayUrl', (a) => p.cmpayParsePayUrl(a[0]), ['url<hi:=>https://x.test/p']],
    ['cmpayParseAmtItem', (a) => p.cmpayParseAmtItem(a[0], a[1]), ['CNY_AMT=1', '1']],
    ['cmpayCode', (a) => p.cmpayCode(a[0]), ['000000']],
    ['cmpayBank', (a) => p.cmpayBank(a[0]), ['ICBC']],
    ['inspectRsaKey', (a) => p.inspectRsaKey(a[0]), ['AAAA']],
    ['rsaKeysMatch', (a) => p.rsaKeysMatch(a[0], a[1]), ['AAAA', 'AAAA']],
    ['debugAnalyse', (a) => p.debugAnalyse(a[0]), [{ input: 'a=1', key: 'k' }]],
    ['debugSample', (a) => p.debugSample(a[0], a[1], a[2]), ['clpay:tradeQuery', 'k', 'abcdefghijklmnopqrstuvwx']],
  ];
}

test('10^5 hostile calls: each a typed error with a code, and the wasm stack pointer where it started', () => {
  // The web build instantiated here, so the test can read the wasm stack pointer through the
  // glue's exports; the face is the one every entry of the package uses.
  const wasm = instantiate(glue, './paysign_debug_bg.js', readFileSync(new URL('../../pkg/dist/debug/paysign_debug_bg.wasm', import.meta.url)));
  const p = makeFace(glue);
  const sp = () => wasm.__wbindgen_add_to_stack_pointer(0);
  const clpay = new p.Clpay(CLPAY_KEY);
  const cmpay = new p.Cmpay('k'.repeat(64));
  const freed = new p.Clpay(CLPAY_KEY);
  freed.free();
  const start = sp();
  const hostile = hostileValues();
  const list = calls(p, clpay, cmpay);
  const codes = new Map();
  let n = 0;
  while (n < 100_000) {
    for (const [name, call, good] of list) {
      for (let i = 0; i < Math.max(good.length, 1); i++) {
        const args = [...good];
        args[i] = hostile[n % hostile.length];
        n++;
        try {
          call(args);
        } catch (e) {
          assert.ok(!name.endsWith('isValidNotify'), `${name} threw: a predicate answers false`);
          assert.ok(e instanceof PaysignError, `${name}: threw a non-PaysignError ${String(e)}`);
          assert.equal(typeof e.code, 'string', `${name} arg ${i}: ${e.message} has no code`);
          assert.ok(!(e instanceof WebAssembly.RuntimeError), `${name}: ${e.message}`);
          codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        }
      }
    }
    try {
      freed.verifyNotify(clpayNotify.body);
    } catch (e) {
      assert.equal(e.code, 'FREED');
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
    n++;
  }
  assert.equal(sp(), start, 'the wasm stack pointer moved: an exception crossed a Rust frame');
  // Still working, deep calls included.
  assert.equal(clpay.isValidNotify(clpayNotify.body), true);
  const rsa = vectors('cmpay.json').rsa;
  assert.equal(new p.Cmpay({ serverCert: rsa.certificate }).isValidNotify({ ...rsa.fields, hmac: rsa.hmacHex }), true);
  assert.equal(sp(), start);
  for (const code of ['BAD_TYPE', 'BODY_TOO_LARGE', 'BAD_ENCODING', 'FREED']) assert.ok(codes.has(code), `${code} not seen`);
});

test('the package entries refuse the same values without damage (issue 7 reproduction)', () => {
  const clpay = new paysign.Clpay(CLPAY_KEY);
  const ab = new ArrayBuffer(8);
  const u = new Uint8Array(ab);
  structuredClone(ab, { transfer: [ab] });
  for (let i = 0; i < 3000; i++) {
    assert.throws(() => clpay.verifyNotify(u), (e) => e.code === 'BAD_TYPE');
  }
  assert.equal(clpay.isValidNotify(clpayNotify.body), true);
  const big = 'x'.repeat(10_000_000);
  assert.throws(() => clpay.verifyNotify(big), (e) => e.code === 'BODY_TOO_LARGE' && e instanceof paysign.PaysignError);
  assert.equal(paysign.maxBodyLength(), 64 * 1024, 'the face checks the same limit as the core');
});

test('no error quotes a key given in any argument position', () => {
  const p = paysign;
  const keys = [CLPAY_KEY, 'Zq8LkP2mXv9TnR4s', '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/', 'abcdefghijklmnopqrstuvwx'];
  const clpay = new p.Clpay(CLPAY_KEY);
  const cmpay = new p.Cmpay(keys[2]);
  let errors = 0;
  for (const key of keys) {
    for (const [name, call, good] of calls(p, clpay, cmpay)) {
      for (let i = 0; i < Math.max(good.length, 1); i++) {
        // The key alone, and the key as the value of each field of an object argument.
        const variants = [key];
        if (good[i] && typeof good[i] === 'object') {
          for (const k of Object.keys(good[i])) variants.push({ ...good[i], [k]: key });
        }
        for (const v of variants) {
          const args = [...good];
          args[i] = v;
          try {
            call(args);
          } catch (e) {
            errors++;
            const text = JSON.stringify({ ...e, message: e.message, name: e.name });
            assert.ok(!text.includes(key), `${name}, argument ${i}: ${text}`);
          }
        }
      }
    }
  }
  assert.ok(errors > 100, `only ${errors} errors provoked`);
});
