// One check script, run unchanged in every runtime and bundle: a clpayment trade notify, a
// tampered copy, junk, a CMPay MD5 OfflineNotify (hmac from node:crypto, helpers.mjs) and a
// CMPay RSA notify through `paysign/rsa` (the vector's certificate). It prints one JSON line.
import { vectors, cmpayHmacRef, CMPAY_ORDER } from './helpers.mjs';

export function fixtureData() {
  const clpay = vectors('clpay.json').valid.find((x) => x.interface === 'tradeNotify');
  const key = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
  const params = { merchantId: '888009941120001', payNo: '201901310005378468', returnCode: '000000', message: '成功', signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100', amtItem: 'CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: 'ICBC', mobile: '151****0263', orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: '11', reserved2: '12', status: 'SUCCESS', orderDate: '20110309', fee: '0' };
  const hmac = cmpayHmacRef(CMPAY_ORDER.offlineNotify, params, key);
  const rsa = vectors('cmpay.json').rsa;
  return {
    clpayKey: clpay.key,
    clpayBody: clpay.body,
    cmpayKey: key,
    cmpayBody: new URLSearchParams({ ...params, serverCert: '', hmac }).toString(),
    rsaCert: rsa.certificate,
    rsaKey: rsa.privateKey,
    rsaHmac: rsa.hmacHex,
    rsaFields: { ...rsa.fields, hmac: rsa.hmacHex },
  };
}

export const EXPECTED = { clpay: true, tampered: false, junk: false, cmpay: true, rsa: true, error: 'BAD_BODY', errorClass: true };

function body(F, lean, rsa) {
  return `const clpay = new lean.Clpay(F.clpayKey);
let error = null;
let errorClass = false;
try { clpay.verifyNotify(''); } catch (e) { error = e.code; errorClass = e instanceof lean.PaysignError && e instanceof rsa.PaysignError; }
console.log(JSON.stringify({
  clpay: clpay.verifyNotify(F.clpayBody).valid,
  tampered: clpay.isValidNotify(F.clpayBody.replace('"totalAmount":1', '"totalAmount":100')),
  junk: clpay.isValidNotify('{}') || clpay.isValidNotify('') || new lean.Cmpay(F.cmpayKey).isValidNotify('a=b'),
  cmpay: new lean.Cmpay(F.cmpayKey).verifyNotify(F.cmpayBody).valid,
  rsa: new rsa.Cmpay({ serverCert: F.rsaCert }).verifyNotify(F.rsaFields).valid,
  error,
  errorClass,
}));
`;
}

/** The check as an ES module importing `specifier` and `specifier + '/rsa'` (the latter lazily). */
export function checkEsm(F, specifier = 'paysign') {
  return `import * as lean from '${specifier}';\nconst F = ${JSON.stringify(F)};\nconst rsa = await import('${specifier}/rsa');\n${body(F)}`;
}

/** The check as CommonJS. */
export function checkCjs(F) {
  return `'use strict';\nconst lean = require('paysign');\nconst F = ${JSON.stringify(F)};\nconst rsa = require('paysign/rsa');\n${body(F)}`;
}

/** The RSA check of the platform's RSA: `async function rsaCheck(rsa)` resolving what the async
 * and sync forms answer for the vector (signed by the OpenSSL CLI), and how many calls reached
 * WebCrypto (counted by wrapping crypto.subtle's sign and verify). */
export function rsaCheckSource(F) {
  return `const RF = ${JSON.stringify({ key: F.rsaKey, cert: F.rsaCert, hmac: F.rsaHmac, fields: F.rsaFields })};
async function rsaCheck(rsa) {
  let subtleCalls = 0;
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (subtle) {
    for (const m of ['sign', 'verify']) {
      const f = subtle[m];
      try { subtle[m] = function (...a) { subtleCalls++; return f.apply(this, a); }; } catch { subtleCalls = -1000; }
    }
  }
  const unsigned = { ...RF.fields };
  delete unsigned.hmac;
  const c = new rsa.Cmpay({ privateKey: RF.key, serverCert: RF.cert });
  const w = new rsa.Cmpay({ privateKey: RF.key, serverCert: RF.cert, rsa: 'wasm' });
  return {
    signAsync: (await c.signAsync(unsigned)) === RF.hmac,
    validAsync: await c.isValidNotifyAsync(RF.fields),
    forgedAsync: await c.isValidNotifyAsync({ ...RF.fields, amount: '101' }),
    badSigAsync: (await c.verifyNotifyAsync({ ...RF.fields, hmac: RF.hmac.replace(/^./, RF.hmac[0] === 'a' ? 'b' : 'a') })).reason.code,
    sync: c.sign(unsigned) === RF.hmac && c.isValidNotify(RF.fields),
    wasm: w.sign(unsigned) === RF.hmac && (await w.signAsync(unsigned)) === RF.hmac,
    subtleCalls,
  };
}
`;
}

/** What rsaCheck answers; `subtleCalls` is 4 where WebCrypto answers the async forms (one sign,
 * three verifies), 0 where node:crypto answers them synchronously (Node, Bun). */
export const RSA_EXPECTED = (subtleCalls) => ({ signAsync: true, validAsync: true, forgedAsync: false, badSigAsync: 'BAD_SIGNATURE', sync: true, wasm: true, subtleCalls });
