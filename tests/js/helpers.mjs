// Shared helpers of the JS tests: vectors, independent reference implementations built on
// node:crypto only, and a seeded generator of parameter values.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function vectors(name) {
  const file = JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
  if (!file.valid?.length) throw new Error(`no vectors in ${name}`);
  return file;
}

/** clpayment sign, written from the manual's chapter 3 with node:crypto. */
export function clpaySignRef(signedNames, params, key) {
  const src = [...signedNames].sort().map((k) => `${k}=${params[k] ?? ''}`).join('&');
  return createHash('md5').update(`${src}&KEY=${key}`, 'utf8').digest('hex').toUpperCase();
}

/** CMPay hmac as NOTES.md describes it, with node:crypto's HMAC-MD5. */
export function cmpayHmacRef(orderedNames, params, key) {
  const src = orderedNames.map((k) => params[k] ?? '').join('');
  const inner = createHmac('md5', '').update(src, 'utf8').digest('hex');
  return createHmac('md5', key).update(inner, 'ascii').digest('hex');
}

/** A small deterministic PRNG (mulberry32) so failures can be reproduced. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = ['a', 'Z', '9', ' ', '&', '=', '+', '%', '中', '文', '和', '包', '€', '😀', '\t', '/', '?', '#', '-', '.'];

/** A random text value: empty, short, Chinese, symbols, or long. */
export function randomText(r) {
  const kind = Math.floor(r() * 5);
  if (kind === 0) return '';
  const len = kind === 4 ? 200 + Math.floor(r() * 800) : 1 + Math.floor(r() * 20);
  let s = '';
  for (let i = 0; i < len; i++) s += POOL[Math.floor(r() * POOL.length)];
  return s;
}

/** Asserts that `fn` throws a real Error with the given code (and field, when given). */
export function throwsCode(assert, fn, code, field) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error with code ${code}, got ${caught}`);
  assert.equal(caught.code, code, `${caught.message}`);
  if (field !== undefined) assert.equal(caught.field, field);
  return caught;
}

/** The sign order of every CMPay message, copied from NOTES.md (not from paysign's schema). */
export const CMPAY_ORDER = {
  orderQueryRequest: 'merchantId requestId signType type version orderId',
  orderQueryResponse: 'merchantId payNo returnCode message signType type version amount amtItem bankAbbr mobile orderId payDate reserved1 reserved2 status payType orderDate fee',
  directPayConfirmRequest: 'characterSet callbackUrl notifyUrl ipAddress merchantId requestId signType type version amount bankAbbr currency orderDate orderId merAcDate period periodUnit merchantAbbr productDesc productId productName productNum reserved1 reserved2 userToken showUrl couponsFlag',
  directPayConfirmResponse: 'merchantId requestId signType type version returnCode message payUrl',
  pageNotify: 'merchantId payNo returnCode message signType type version amount amtItem bankAbbr mobile orderId payDate accountDate reserved1 reserved2 status orderDate fee',
  offlineNotify: 'merchantId payNo returnCode message signType type version amount amtItem bankAbbr mobile orderId payDate accountDate reserved1 reserved2 status orderDate fee',
};
for (const k of Object.keys(CMPAY_ORDER)) CMPAY_ORDER[k] = CMPAY_ORDER[k].split(' ');
