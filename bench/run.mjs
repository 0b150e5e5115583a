// paysign against the code a merchant would otherwise write, side by side in one process.
// Run with `make bench` (or `node bench/run.mjs` after a build). Prints ops/s and the ratio to
// the hand-written node:crypto version; asserts nothing about speed.
//
// BENCH_BEFORE=<folder of another build of the package> adds that build's rows ("paysign
// before") to the same run, for a before/after comparison; BENCH_LOAD_SECONDS (default 10)
// is how long each loopback receiver is loaded.
import { createHash, createHmac, createCipheriv, randomBytes, timingSafeEqual, generateKeyPairSync, sign as rsaNodeSign, verify as rsaNodeVerify } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { createMD5 } from 'hash-wasm';
import forge from 'node-forge';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import CryptoJS from 'crypto-js';
import { Clpay, Cmpay, nonce, tdesEncrypt } from 'paysign';
import { Cmpay as CmpayRsa } from 'paysign/rsa';
import { execFileSync } from 'node:child_process';
import { measure, report } from './harness.mjs';

const require = createRequire(import.meta.url);
const BEFORE = process.env.BENCH_BEFORE;
const before = BEFORE ? require(`${BEFORE}/dist/lean.node.cjs`) : null;
const beforeRsa = BEFORE ? require(`${BEFORE}/dist/rsa.node.cjs`) : null;
/** The case for the earlier build, when there is one. */
const then = (name, fn) => (before ? [{ name: `paysign before: ${name}`, fn }] : []);
const hashWasm = await createMD5();
const md5Wasm = (s) => {
  hashWasm.init();
  hashWasm.update(s);
  return hashWasm.digest('hex');
};
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
function hashWasmVerify(fields) {
  const src = SIGNED.map((k) => `${k}=${fields[k] ?? ''}`).join('&') + `&KEY=${KEY}`;
  const expected = Buffer.from(md5Wasm(src).toUpperCase());
  const got = Buffer.from(String(fields.sign ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}
function cryptoJsVerify(fields) {
  const src = SIGNED.map((k) => `${k}=${fields[k] ?? ''}`).join('&') + `&KEY=${KEY}`;
  return CryptoJS.MD5(src).toString().toUpperCase() === fields.sign;
}

const clpay = new Clpay(KEY);
const clpayBefore = before && new before.Clpay(KEY);
for (const ok of [clpay.verifyNotify(rawJson).valid, clpay.verifyNotify(parsed).valid, nodeVerify(parsed), cryptoJsVerify(parsed), hashWasmVerify(parsed), clpay.isValidNotify(rawForm), !before || clpayBefore.isValidNotify(rawForm)]) {
  if (!ok) throw new Error('a benchmark case does not verify: fix it before timing it');
}

console.log(`# paysign benchmark (node ${process.version}, ${process.arch})${BEFORE ? `; before: ${BEFORE}` : ''}`);

report('clpayment trade notify, raw JSON body (parse + verify)', measure([
  { name: 'node:crypto (JSON.parse + hand-written)', baseline: true, fn: () => nodeVerify(JSON.parse(rawJson)) },
  { name: 'crypto-js (JSON.parse + hand-written)', fn: () => cryptoJsVerify(JSON.parse(rawJson)) },
  { name: 'hash-wasm (JSON.parse + hand-written)', fn: () => hashWasmVerify(JSON.parse(rawJson)) },
  { name: 'paysign verifyNotify(raw)', fn: () => clpay.verifyNotify(rawJson) },
  { name: 'paysign isValidNotify(raw)', fn: () => clpay.isValidNotify(rawJson) },
  ...then('verifyNotify(raw)', () => clpayBefore.verifyNotify(rawJson)),
  ...then('isValidNotify(raw)', () => clpayBefore.isValidNotify(rawJson)),
]));

report('clpayment trade notify, raw form body (parse + verify)', measure([
  { name: 'node:crypto (URLSearchParams + hand-written)', baseline: true, fn: () => nodeVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
  { name: 'crypto-js (URLSearchParams + hand-written)', fn: () => cryptoJsVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
  { name: 'hash-wasm (URLSearchParams + hand-written)', fn: () => hashWasmVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
  { name: 'paysign verifyNotify(raw)', fn: () => clpay.verifyNotify(rawForm) },
  { name: 'paysign isValidNotify(raw)', fn: () => clpay.isValidNotify(rawForm) },
  ...then('verifyNotify(raw)', () => clpayBefore.verifyNotify(rawForm)),
  ...then('isValidNotify(raw)', () => clpayBefore.isValidNotify(rawForm)),
]));

report('clpayment trade notify, already-parsed object', measure([
  { name: 'node:crypto (hand-written)', baseline: true, fn: () => nodeVerify(parsed) },
  { name: 'crypto-js (hand-written)', fn: () => cryptoJsVerify(parsed) },
  { name: 'hash-wasm (hand-written)', fn: () => hashWasmVerify(parsed) },
  { name: 'paysign verifyNotify(object)', fn: () => clpay.verifyNotify(parsed) },
  { name: 'paysign isValidNotify(object)', fn: () => clpay.isValidNotify(parsed) },
  ...then('verifyNotify(object)', () => clpayBefore.verifyNotify(parsed)),
  ...then('isValidNotify(object)', () => clpayBefore.isValidNotify(parsed)),
]));

// ---- CMPay OfflineNotify (MD5 hmac: two chained HMAC-MD5) ----
const CM_KEY = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
const CM_ORDER = 'merchantId payNo returnCode message signType type version amount amtItem bankAbbr mobile orderId payDate accountDate reserved1 reserved2 status orderDate fee'.split(' ');
const cmFields = { merchantId: '888009941120001', payNo: '201901310005378468', returnCode: '000000', message: 'SUCCESS', signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100', amtItem: 'CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: 'ICBC', mobile: '151****0263', orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: '11', reserved2: '12', status: 'SUCCESS', orderDate: '20110309', fee: '0' };
const cmSrc = (f) => CM_ORDER.map((k) => f[k] ?? '').join('');
function cmNode(f) {
  const inner = createHmac('md5', '').update(cmSrc(f), 'utf8').digest('hex');
  const expected = Buffer.from(createHmac('md5', CM_KEY).update(inner).digest('hex'));
  const got = Buffer.from(String(f.hmac ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}
function cmCryptoJs(f) {
  const inner = CryptoJS.HmacMD5(cmSrc(f), '').toString();
  return CryptoJS.HmacMD5(inner, CM_KEY).toString() === f.hmac;
}
const cmpay = new Cmpay(CM_KEY);
const cmpayBefore = before && new before.Cmpay(CM_KEY);
cmFields.hmac = cmpay.sign(cmFields);
const cmRaw = new URLSearchParams({ ...cmFields, serverCert: '' }).toString();
for (const ok of [cmNode(cmFields), cmCryptoJs(cmFields), cmpay.verifyNotify(cmRaw).valid, cmpay.isValidNotify(cmFields)]) {
  if (!ok) throw new Error('a CMPay benchmark case does not verify');
}
report('CMPay OfflineNotify, raw form body (parse + verify)', measure([
  { name: 'node:crypto (URLSearchParams + hand-written)', baseline: true, fn: () => cmNode(Object.fromEntries(new URLSearchParams(cmRaw))) },
  { name: 'crypto-js (URLSearchParams + hand-written)', fn: () => cmCryptoJs(Object.fromEntries(new URLSearchParams(cmRaw))) },
  { name: 'paysign verifyNotify(raw)', fn: () => cmpay.verifyNotify(cmRaw) },
  { name: 'paysign isValidNotify(raw)', fn: () => cmpay.isValidNotify(cmRaw) },
  ...then('verifyNotify(raw)', () => cmpayBefore.verifyNotify(cmRaw)),
  ...then('isValidNotify(raw)', () => cmpayBefore.isValidNotify(cmRaw)),
]));
report('CMPay OfflineNotify, already-parsed object', measure([
  { name: 'node:crypto (hand-written)', baseline: true, fn: () => cmNode(cmFields) },
  { name: 'crypto-js (hand-written)', fn: () => cmCryptoJs(cmFields) },
  { name: 'paysign verifyNotify(object)', fn: () => cmpay.verifyNotify(cmFields) },
  { name: 'paysign isValidNotify(object)', fn: () => cmpay.isValidNotify(cmFields) },
  ...then('verifyNotify(object)', () => cmpayBefore.verifyNotify(cmFields)),
  ...then('isValidNotify(object)', () => cmpayBefore.isValidNotify(cmFields)),
]));

// ---- 3DES card fields (DESede/ECB/PKCS5, 24-character key, base64), and nonces ----
const TDES_KEY = '123456789012345678901234';
const CARD = '6222021234567890123';
const nodeTdes = () => {
  const c = createCipheriv('des-ede3', Buffer.from(TDES_KEY), null);
  return Buffer.concat([c.update(CARD, 'utf8'), c.final()]).toString('base64');
};
const cjsKey = CryptoJS.enc.Utf8.parse(TDES_KEY);
const cryptoJsTdes = () => CryptoJS.TripleDES.encrypt(CARD, cjsKey, { mode: CryptoJS.mode.ECB, padding: CryptoJS.pad.Pkcs7 }).toString();
const forgeTdes = () => {
  const c = forge.cipher.createCipher('3DES-ECB', TDES_KEY);
  c.start();
  c.update(forge.util.createBuffer(CARD, 'utf8'));
  c.finish();
  return forge.util.encode64(c.output.getBytes());
};
if (new Set([nodeTdes(), cryptoJsTdes(), forgeTdes(), tdesEncrypt(CARD, TDES_KEY)]).size !== 1) throw new Error('3DES peers disagree');
report('3DES card field, encrypt (ECB, PKCS#5, base64)', measure([
  { name: 'node:crypto createCipheriv', baseline: true, fn: nodeTdes },
  { name: 'crypto-js', fn: cryptoJsTdes },
  { name: 'node-forge', fn: forgeTdes },
  { name: 'paysign tdesEncrypt', fn: () => tdesEncrypt(CARD, TDES_KEY) },
  ...then('tdesEncrypt', () => before.tdesEncrypt(CARD, TDES_KEY)),
]));
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The hand-written equivalent of nonce(): 32 letters and digits from randomBytes, unbiased.
const nodeNonce = () => {
  let out = '';
  while (out.length < 32) for (const b of randomBytes(40)) if (b < 248 && out.length < 32) out += ALNUM[b % 62];
  return out;
};
report('nonce: 32 letters and digits from the secure random source', measure([
  { name: 'node:crypto randomBytes (hand-written)', baseline: true, fn: nodeNonce },
  { name: 'paysign nonce()', fn: nonce },
  ...then('nonce()', () => before.nonce()),
]));

// ---- RSA-SHA1 (PKCS#1 v1.5), 2048-bit ----
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const pubPem = publicKey.export({ type: 'spki', format: 'pem' });
const rsaSigner = new CmpayRsa({ privateKey: privPem, serverCert: pubPem });
const rsaWasm = new CmpayRsa({ privateKey: privPem, serverCert: pubPem, rsa: 'wasm' });
const rsaBefore = beforeRsa && new beforeRsa.Cmpay({ privateKey: privPem, serverCert: pubPem });
const rsaFields = { ...cmFields, signType: 'RSA' };
delete rsaFields.hmac;
const rsaSrc = cmSrc(rsaFields);
const forgePriv = forge.pki.privateKeyFromPem(privPem);
const forgePub = forge.pki.publicKeyFromPem(pubPem);
const forgeSign = () => { const md = forge.md.sha1.create(); md.update(rsaSrc, 'utf8'); return forgePriv.sign(md); };
const sigHex = rsaSigner.sign(rsaFields);
const sigBuf = Buffer.from(sigHex, 'hex');
const sigBin = forge.util.hexToBytes(sigHex);
const rsaSigned = { ...rsaFields, hmac: sigHex };
if (!rsaNodeVerify("sha1", Buffer.from(rsaSrc), publicKey, sigBuf) || !rsaSigner.isValidNotify(rsaSigned)) throw new Error('RSA cases disagree');
if (forge.util.bytesToHex(forgeSign()) !== sigHex) throw new Error('node-forge disagrees');
report('RSA-SHA1 sign, 2048-bit (OfflineNotify source)', measure([
  { name: 'node:crypto sign', baseline: true, fn: () => rsaNodeSign("sha1", Buffer.from(rsaSrc), privateKey) },
  { name: 'node-forge sign', fn: forgeSign },
  { name: 'paysign Cmpay.sign (node:crypto)', fn: () => rsaSigner.sign(rsaFields) },
  { name: 'paysign Cmpay.sign, rsa: wasm (blinded)', fn: () => rsaWasm.sign(rsaFields) },
  ...then('Cmpay.sign (wasm, blinded)', () => rsaBefore.sign(rsaFields)),
], { rounds: 3, ms: 400 }));
report('RSA-SHA1 verify, 2048-bit (OfflineNotify)', measure([
  { name: 'node:crypto verify', baseline: true, fn: () => rsaNodeVerify("sha1", Buffer.from(rsaSrc), publicKey, sigBuf) },
  { name: 'node-forge verify', fn: () => { const md = forge.md.sha1.create(); md.update(rsaSrc, 'utf8'); return forgePub.verify(md.digest().bytes(), sigBin); } },
  { name: 'paysign Cmpay.isValidNotify(object) (node:crypto)', fn: () => rsaSigner.isValidNotify(rsaSigned) },
  { name: 'paysign Cmpay.isValidNotify(object), rsa: wasm', fn: () => rsaWasm.isValidNotify(rsaSigned) },
  ...then('Cmpay.isValidNotify(object) (wasm)', () => rsaBefore.isValidNotify(rsaSigned)),
], { rounds: 3, ms: 400 }));

// ---- A notify receiver under loopback load: the example receiver (bench/receiver.mjs) against
// the same server verifying by hand with node:crypto (bench/receiver-node.mjs), one after the
// other, each loaded by autocannon for BENCH_LOAD_SECONDS from 10 connections.
{
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
  const form = new URLSearchParams(Object.entries(parsed).map(([k, x]) => [k, String(x)])).toString();
  const load = async (script, env = {}) => {
    const server = spawn(process.execPath, [new URL(script, import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CLPAY_KEY: KEY, ...env } });
    try {
      const port = Number(String((await once(server.stdout, 'data'))[0]).trim());
      const r = await autocannon({ url: `http://127.0.0.1:${port}/notify`, connections: 10, duration: seconds, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      if (r.non2xx !== 0 || r.errors !== 0) throw new Error(`${script}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return r.requests.average;
    } finally {
      server.kill();
    }
  };
  const rows = [{ name: 'node:http + node:crypto (hand-written)', baseline: true, opsPerSec: await load('./receiver-node.mjs') }, { name: 'node:http + paysign verifyNotify', opsPerSec: await load('./receiver.mjs') }];
  if (BEFORE) rows.push({ name: 'paysign before: node:http + verifyNotify', opsPerSec: await load('./receiver.mjs', { PAYSIGN_PACKAGE: BEFORE }) });
  report(`a notify receiver under loopback load (autocannon, 10 connections, ${seconds} s each; requests/s)`, rows);
}

console.log('\n## module size (what a runtime loads: the .wasm; bundles carry it as base64)');
for (const m of ['lean', 'rsa', 'debug']) {
  const file = require.resolve('paysign/package.json').replace(/package\.json$/, `dist/${m}/paysign_${m}_bg.wasm`);
  const bytes = readFileSync(file);
  const name = m === 'lean' ? 'paysign' : `paysign/${m}`;
  console.log(`${name.padEnd(14)} ${bytes.length.toLocaleString('en-US').padStart(9)} bytes, ${gzipSync(bytes, { level: 9 }).length.toLocaleString('en-US').padStart(9)} gzipped`);
}

// Cold start: a new Node process per run, timed from before the import to the end of the first
// verification of the trade notify; median of 15 runs.
{
  const body = JSON.stringify(rawJson);
  const cases = [
    ['node:crypto (hand-written)', `const { createHash } = await import('node:crypto'); const f = JSON.parse(${body}); const src = ${JSON.stringify(SIGNED)}.map((k) => k + '=' + f[k]).join('&') + '&KEY=' + ${JSON.stringify(KEY)}; ok = createHash('md5').update(src).digest('hex').toUpperCase() === f.sign;`],
    ["paysign: import('paysign')", `const { Clpay } = await import('paysign'); ok = new Clpay(${JSON.stringify(KEY)}).isValidNotify(${body});`],
    ["paysign: require('paysign')", `const { Clpay } = require('paysign'); ok = new Clpay(${JSON.stringify(KEY)}).isValidNotify(${body});`],
    ["paysign/rsa: import('paysign/rsa')", `const { Clpay } = await import('paysign/rsa'); ok = new Clpay(${JSON.stringify(KEY)}).isValidNotify(${body});`],
  ];
  console.log('\n## import to first verify (new process each run, median of 15)');
  const times = {};
  for (const [name, code] of cases) {
    const script = `const { createRequire } = await import('node:module'); const require = createRequire(${JSON.stringify(import.meta.url)}); const t0 = performance.now(); let ok; ${code} if (!ok) throw new Error('not verified'); console.log(performance.now() - t0);`;
    const runs = Array.from({ length: 15 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('..', import.meta.url) }).toString()));
    runs.sort((a, b) => a - b);
    times[name] = runs[7];
  }
  const base = times['node:crypto (hand-written)'];
  for (const [name, t] of Object.entries(times)) console.log(`${name.padEnd(36)} ${t.toFixed(2).padStart(7)} ms  ${(t / base).toFixed(1).padStart(5)}×`);
}

// Hostile bodies at the 64 KiB limit beside a normal notify: the worst a sender can make one
// call cost. Many empty fields are refused at the field limit (TOO_MANY_FIELDS); 250 fields of
// long values is the most work a body within the limits can ask for.
{
  const refuse = (f) => () => { try { f(); } catch { /* a typed error is the expected answer */ } };
  const manyFields = 'instructCode=1' + Array.from({ length: 9000 }, (_, i) => `&f${i}=`).join('').slice(0, 64 * 1024 - 40) + '&sign=00';
  const long = 'x'.repeat(250);
  const widest = 'instructCode=1' + Array.from({ length: 240 }, (_, i) => `&f${i}=${long}`).join('') + '&sign=00';
  const widestJson = JSON.stringify(Object.fromEntries([['instructCode', '1'], ...Array.from({ length: 240 }, (_, i) => [`f${i}`, long]), ['sign', '00']]));
  console.log(`\n(bodies: normal ${rawForm.length} B; many empty fields ${manyFields.length} B; 240 long fields ${widest.length} B form, ${widestJson.length} B JSON)`);
  report('hostile 64 KiB bodies beside a normal notify (isValidNotify)', measure([
    { name: 'node:crypto, normal form notify', baseline: true, fn: () => nodeVerify(Object.fromEntries(new URLSearchParams(rawForm))) },
    { name: 'paysign, normal form notify', fn: () => clpay.isValidNotify(rawForm) },
    { name: 'node:crypto, 64 KiB of empty fields', fn: () => nodeVerify(Object.fromEntries(new URLSearchParams(manyFields))) },
    { name: 'paysign, 64 KiB of empty fields (refused)', fn: refuse(() => clpay.isValidNotify(manyFields)) },
    { name: 'node:crypto, 240 long fields', fn: () => nodeVerify(Object.fromEntries(new URLSearchParams(widest))) },
    { name: 'paysign, 240 long fields (form)', fn: () => clpay.isValidNotify(widest) },
    { name: 'paysign, 240 long fields (JSON)', fn: () => clpay.isValidNotify(widestJson) },
  ], { rounds: 3, ms: 200 }));
}

// The debugger's diagnosis over the largest message (CMPay DirectPayConfirm request, 27 signed
// fields): a single mistake, a paired one, and a wrong key (the whole search, every single and
// paired mistake, before the key is blamed). Entries from the corpus made with node:crypto.
{
  const { debugAnalyse } = await import('paysign/debug');
  const corpus = JSON.parse(readFileSync(new URL('../tests/vectors/diagnosis.json', import.meta.url), 'utf8')).valid;
  const target = 'cmpay:directPayConfirmRequest';
  const pick = (ids) => corpus.find((e) => e.target === target && !e.publicKey && e.expect.map((m) => m.id).join('+') === ids);
  const single = pick('padded');
  const paired = pick('whitespace+separator');
  const wrongKey = { ...single, key: `${single.key.slice(1)}x` };
  console.log(`\n## debugger diagnosis, ${target} (median of 15)`);
  for (const [name, e, want] of [['single mistake', single, 'padded'], ['paired mistake', paired, 'whitespace+separator'], ['wrong key (whole search)', wrongKey, 'key-wrong']]) {
    const run = () => debugAnalyse({ input: e.input, target, key: e.key, budgetMs: 60_000 });
    const r = run();
    if (r.diagnosis[0].id !== want) throw new Error(`${name}: ${r.diagnosis[0].id}`);
    const times = Array.from({ length: 15 }, () => { const t0 = performance.now(); run(); return performance.now() - t0; }).sort((a, b) => a - b);
    console.log(`${name.padEnd(26)} ${times[7].toFixed(1).padStart(7)} ms  ${String(r.search.tried).padStart(6)} variants tried`);
  }
}
