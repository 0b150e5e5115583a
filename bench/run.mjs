// paysign against the code a merchant would otherwise write, side by side in one process.
// Run with `make bench` (or `node bench/run.mjs` after a build). Prints ops/s and the ratio to
// the hand-written node:crypto version; asserts nothing about speed.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import CryptoJS from 'crypto-js';
import { Clpay } from 'paysign';
import { measure, report } from './harness.mjs';

const require = createRequire(import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('../tests/vectors/clpay.json', import.meta.url), 'utf8'));
const v = vectors.valid.find((x) => x.interface === 'tradeNotify');
const KEY = v.key;
const rawJson = v.body;
const parsed = JSON.parse(rawJson);
const rawForm = new URLSearchParams(Object.entries(parsed).map(([k, x]) => [k, String(x)])).toString();
const SIGNED = ['instructCode', 'merchantCode', 'outOrderId', 'totalAmount', 'transTime', 'transType'];

// What a merchant writes by hand with node:crypto (sorted keys, &KEY=, MD5, uppercase).
function nodeVerify(fields) {
  const src = SIGNED.map((k) => `${k}=${fields[k] ?? ''}`).join('&') + `&KEY=${KEY}`;
  const expected = Buffer.from(createHash('md5').update(src, 'utf8').digest('hex').toUpperCase());
  const got = Buffer.from(String(fields.sign ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}
function cryptoJsVerify(fields) {
  const src = SIGNED.map((k) => `${k}=${fields[k] ?? ''}`).join('&') + `&KEY=${KEY}`;
  return CryptoJS.MD5(src).toString().toUpperCase() === fields.sign;
}

const clpay = new Clpay(KEY);
for (const ok of [clpay.verifyNotify(rawJson).valid, clpay.verifyNotify(parsed).valid, nodeVerify(parsed), cryptoJsVerify(parsed), clpay.isValidNotify(rawForm)]) {
  if (!ok) throw new Error('a benchmark case does not verify: fix it before timing it');
}

console.log(`# paysign benchmark (node ${process.version}, ${process.arch})`);

report('clpayment trade notify, raw JSON body (parse + verify)', measure([
  { name: 'node:crypto (JSON.parse + hand-written)', baseline: true, fn: () => nodeVerify(JSON.parse(rawJson)) },
  { name: 'crypto-js (JSON.parse + hand-written)', fn: () => cryptoJsVerify(JSON.parse(rawJson)) },
  { name: 'paysign verifyNotify(raw)', fn: () => clpay.verifyNotify(rawJson) },
  { name: 'paysign isValidNotify(raw)', fn: () => clpay.isValidNotify(rawJson) },
]));

report('clpayment trade notify, raw form body (parse + verify)', measure([
  { name: 'node:crypto (URLSearchParams + hand-written)', baseline: true, fn: () => nodeVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
  { name: 'crypto-js (URLSearchParams + hand-written)', fn: () => cryptoJsVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
  { name: 'paysign verifyNotify(raw)', fn: () => clpay.verifyNotify(rawForm) },
  { name: 'paysign isValidNotify(raw)', fn: () => clpay.isValidNotify(rawForm) },
]));

report('clpayment trade notify, already-parsed object', measure([
  { name: 'node:crypto (hand-written)', baseline: true, fn: () => nodeVerify(parsed) },
  { name: 'crypto-js (hand-written)', fn: () => cryptoJsVerify(parsed) },
  { name: 'paysign verifyNotify(object)', fn: () => clpay.verifyNotify(parsed) },
  { name: 'paysign isValidNotify(object)', fn: () => clpay.isValidNotify(parsed) },
]));

console.log('\n## wasm size');
for (const target of ['node', 'web']) {
  const file = require.resolve(`paysign/package.json`).replace(/package\.json$/, `${target}/paysign_bg.wasm`);
  const bytes = readFileSync(file);
  console.log(`${target}/paysign_bg.wasm  ${bytes.length.toLocaleString('en-US')} bytes, ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en-US')} gzipped`);
}
