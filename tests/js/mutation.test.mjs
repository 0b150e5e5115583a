// Forgery by mutation. Valid notifies of both gateways are signed by the test-side reference
// (node:crypto), then mutated 10^5 times each; a mutant paysign accepts must carry the same
// signed content as the original, as a standard parser reads it (URLSearchParams, JSON.parse).
// And every CMPay field-boundary shift (characters moved between neighbouring signed values,
// which keeps the separator-less hmac) is replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clpay, Cmpay } from 'paysign';
import { clpaySignRef, cmpayHmacRef, CMPAY_ORDER, rng } from './helpers.mjs';

const CLPAY_KEY = '123456ABDDFF';
const CMPAY_KEY = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
const TRADE_SIGNED = ['instructCode', 'merchantCode', 'outOrderId', 'totalAmount', 'transTime', 'transType'];
const NOTIFY_ORDER = CMPAY_ORDER.offlineNotify;
const MUTANTS = 100_000;

// What a merchant's app reads from a body: the signed fields, as a standard parser decodes them.
function readForm(body, names) {
  const q = new URLSearchParams(body);
  return JSON.stringify(names.map((n) => q.get(n) ?? ''));
}
function readJson(body, names) {
  try {
    const o = JSON.parse(body);
    return JSON.stringify(names.map((n) => (o[n] === undefined || o[n] === null ? '' : String(o[n]))));
  } catch {
    return 'unreadable';
  }
}

const ALPHABET = ['&', '=', '%', '+', '#', ' ', '"', ',', ':', '{', '}', '0', '1', '9', 'A', 'S', 'E', '*', '和', '%26', '%3D', '\\', 'x'];

function mutate(body, r) {
  const chars = [...body];
  const at = () => Math.floor(r() * (chars.length + 1));
  const ops = 1 + Math.floor(r() * 3);
  for (let i = 0; i < ops; i++) {
    const op = Math.floor(r() * 5);
    const a = at();
    if (op === 0) chars.splice(a, 1);
    else if (op === 1) chars.splice(a, 0, ALPHABET[Math.floor(r() * ALPHABET.length)]);
    else if (op === 2) chars.splice(a, 1, ALPHABET[Math.floor(r() * ALPHABET.length)]);
    else if (op === 3) {
      // move a run of characters elsewhere
      const len = 1 + Math.floor(r() * 8);
      const run = chars.splice(a, len);
      chars.splice(at(), 0, ...run);
    } else {
      // duplicate a run (a field given twice)
      const len = 1 + Math.floor(r() * 40);
      chars.splice(at(), 0, ...chars.slice(a, a + len));
    }
  }
  return chars.join('');
}

function run(name, original, read, accept) {
  const r = rng(7);
  const want = read(original);
  assert.equal(accept(original), true, `${name}: the original must verify`);
  let accepted = 0;
  let forged = 0;
  const examples = [];
  for (let i = 0; i < MUTANTS; i++) {
    const m = mutate(original, r);
    let ok = false;
    try {
      ok = accept(m);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    accepted++;
    if (read(m) !== want) {
      forged++;
      if (examples.length < 5) examples.push(m);
    }
  }
  console.log(`${name}: ${MUTANTS} mutants, ${accepted} accepted with the signed content unchanged or not, forged-accepted = ${forged}`);
  assert.equal(forged, 0, `${name}: forged mutants accepted, e.g.\n${examples.join('\n')}`);
}

test('clpayment trade notify: 10^5 mutants of a form and of a JSON body, forged-accepted = 0', () => {
  const clpay = new Clpay(CLPAY_KEY);
  const fields = { instructCode: '150211000000000018', merchantCode: '1000000267', outOrderId: '80904482661769148113436093416980', totalAmount: '1', transTime: '20150211155604', transType: '00200', ext: '备注 a&b' };
  const sign = clpaySignRef(TRADE_SIGNED, fields, CLPAY_KEY);
  const form = new URLSearchParams({ ...fields, sign }).toString();
  run('clpay form', form, (b) => readForm(b, TRADE_SIGNED), (b) => clpay.isValidNotify(b, { contentType: 'application/x-www-form-urlencoded' }));
  const json = JSON.stringify({ ...fields, totalAmount: 1, sign });
  run('clpay JSON', json, (b) => readJson(b, TRADE_SIGNED), (b) => clpay.isValidNotify(b, { contentType: 'application/json' }));
});

function cmpayNotify(overrides = {}) {
  const f = {
    merchantId: '888009941120001', payNo: '201901310005378468', returnCode: '000000', message: 'SUCCESS',
    signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100',
    amtItem: 'CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: '', mobile: '151****0263',
    orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: '', reserved2: '',
    status: 'SUCCESS', orderDate: '20110309', fee: '0', ...overrides,
  };
  return { ...f, hmac: cmpayHmacRef(NOTIFY_ORDER, f, CMPAY_KEY) };
}

test('CMPay OfflineNotify: 10^5 mutants of a form body, forged-accepted = 0', () => {
  const cmpay = new Cmpay(CMPAY_KEY);
  const body = new URLSearchParams(cmpayNotify()).toString();
  run('cmpay form', body, (b) => readForm(b, NOTIFY_ORDER), (b) => cmpay.isValidNotify(b));
});

// Every way of moving 1 to 4 characters from one non-empty signed value to the next one (or to
// a later one across empty fields), both directions, including emptying a field.
function shifts(fields) {
  const out = [];
  const names = NOTIFY_ORDER;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const between = names.slice(i + 1, j);
      if (between.some((n) => fields[n] !== '')) break;
      const a = fields[names[i]];
      const b = fields[names[j]];
      for (let k = 1; k <= 4; k++) {
        if (k <= a.length) out.push({ ...fields, [names[i]]: a.slice(0, -k), [names[j]]: a.slice(-k) + b });
        if (k <= b.length) out.push({ ...fields, [names[i]]: a + b.slice(0, k), [names[j]]: b.slice(k) });
      }
      if (b === '' && j === i + 1) continue;
    }
  }
  return out;
}

test('CMPay: every field-boundary shift of real notify shapes is refused', () => {
  const cmpay = new Cmpay(CMPAY_KEY);
  const shapes = [
    cmpayNotify(), // wallet payment: mobile, no bank
    cmpayNotify({ bankAbbr: 'ICBC', mobile: '' }), // gateway (bank) payment: bank, no mobile
    cmpayNotify({ amount: '1', amtItem: 'CNY_AMT=1#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', fee: '10', status: 'FAILED', returnCode: 'MCG01088', message: '' }),
    cmpayNotify({ reserved2: '12' }),
  ];
  let total = 0;
  let reservedOnly = 0;
  for (const shape of shapes) {
    const { hmac, ...fields } = shape;
    for (const forged of shifts(fields)) {
      // reserved1 and reserved2 are two free-text fields the merchant itself sent in its order,
      // side by side: no schema tells `1`+`2` from `12`+``. Such shifts are counted apart (the
      // README says to compare them with the order); no other field may move.
      const changed = NOTIFY_ORDER.filter((n) => forged[n] !== fields[n]);
      if (changed.every((n) => n === 'reserved1' || n === 'reserved2')) {
        reservedOnly++;
        continue;
      }
      // The reference confirms the hmac is unchanged: the concatenation is the same.
      assert.equal(cmpayHmacRef(NOTIFY_ORDER, forged, CMPAY_KEY), hmac);
      total++;
      let v;
      try {
        v = cmpay.verifyNotify(new URLSearchParams({ ...forged, hmac }).toString());
      } catch (e) {
        // signType or type broken: refused before any signature is computed.
        assert.ok(['NOT_IN_ENUM', 'UNKNOWN_MESSAGE', 'MISSING_FIELD'].includes(e.code), e.message);
        continue;
      }
      assert.equal(v.valid, false, `accepted: ${JSON.stringify(forged)}`);
      assert.ok(v.reason && v.reason.field, 'the reason names the field');
    }
  }
  console.log(`CMPay field-boundary shifts replayed: ${total}, accepted: 0 (and ${reservedOnly} between reserved1 and reserved2 alone, which the protocol cannot tell apart)`);
  assert.ok(total > 150);
});
