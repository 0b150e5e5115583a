// The diagnosis corpus: for every message of both gateways, broken messages made here, with
// node:crypto, by applying one mistake or two mistakes from different stages to the signing
// pipeline written out below from NOTES.md (never paysign's signer). paysign is used only for
// the field tables and a sample of valid values.
//
//   node tests/js/corpus.mjs           writes tests/vectors/diagnosis.json
//   import { buildCorpus }             rebuilds it in the test run (tests/js/diagnosis.test.mjs)
import { createHash, createHmac, sign as rsaSign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { CMPAY_ORDER, vectors } from './helpers.mjs';

export const CORPUS_FILE = new URL('../vectors/diagnosis.json', import.meta.url);
const CLPAY_KEY = 'corpusKey0123456789abcdefABCDEF';
const CMPAY_KEY = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/';
const TDES_KEY = 'paysign-demo-3des-key-24';
// GBK bytes of the Chinese text the corpus uses (GB 2312 code points), to hash a source as GBK.
const GBK = { 和: [0xba, 0xcd], 包: [0xb0, 0xfc], 测: [0xb2, 0xe2], 试: [0xca, 0xd4] };
const CHINESE = '和包测试';
// CMPay signType=RSA: the test key pair of tests/vectors/cmpay.json (made with OpenSSL).
const RSA = vectors('cmpay.json').rsa;
/** The stages an RSA signature has: no MD5 key, no digest choice, no output mistake. */
const RSA_STAGES = ['selection', 'order', 'values', 'assembly', 'bytes'];

function gbkBytes(text) {
  const out = [];
  for (const ch of text) {
    if (GBK[ch]) out.push(...GBK[ch]);
    else if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else throw new Error(`no GBK bytes for ${ch}`);
  }
  return Buffer.from(out);
}

/** The right way each gateway signs, as a state the mistakes below change. */
function pipeline(gateway, signedNames, sent) {
  const clpay = gateway === 'clpay';
  return {
    gateway,
    names: [...signedNames],
    values: { ...sent },
    order: clpay ? 'byName' : 'table',
    table: [...signedNames],
    received: Object.keys(sent),
    pairs: clpay, join: clpay ? '&' : '', dropEmpty: false,
    key: clpay ? CLPAY_KEY : CMPAY_KEY,
    label: clpay ? '&KEY=' : null,
    bytes: 'utf8',
    digest: clpay ? 'md5' : 'chained',
    output: clpay ? 'HEX' : 'hex',
  };
}

function ordered(p) {
  const names = [...new Set(p.names)];
  const table = (n) => (p.table.indexOf(n) + 1 || 1e9);
  const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const canonical = () => (p.gateway === 'clpay' ? [...names].sort(byName) : [...names].sort((a, b) => table(a) - table(b)));
  switch (p.order) {
    case 'byName': return [...names].sort(byName);
    case 'table': return [...names].sort((a, b) => table(a) - table(b));
    case 'received': return canonical().sort((a, b) => (p.received.indexOf(a) + 1 || 1e9) - (p.received.indexOf(b) + 1 || 1e9));
    case 'reversed': return canonical().reverse();
    default: throw new Error(p.order);
  }
}

function source(p) {
  const parts = [];
  for (const n of ordered(p)) {
    const v = p.values[n] ?? '';
    if (p.dropEmpty && v === '') continue;
    parts.push(p.pairs ? `${n}=${v}` : v);
  }
  return parts.join(p.join);
}

function sign(p) {
  let text = source(p);
  if (p.label !== null && p.digest !== 'hmac' && p.digest !== 'chained') text = p.label === 'prepend' ? p.key + text : `${text}${p.label}${p.key}`;
  const bytes = p.bytes === 'gbk' ? gbkBytes(text) : Buffer.from(text, 'utf8');
  let d;
  if (p.digest === 'rsa') return rsaSign('sha1', bytes, RSA.privateKey).toString('hex');
  if (p.digest === 'md5') d = createHash('md5').update(bytes).digest();
  else if (p.digest === 'sha1') d = createHash('sha1').update(bytes).digest();
  else if (p.digest === 'hmac') d = createHmac('md5', p.key).update(bytes).digest();
  else d = createHmac('md5', p.key).update(createHmac('md5', '').update(bytes).digest('hex'), 'ascii').digest();
  if (p.output === 'base64') return d.toString('base64');
  return p.output === 'HEX' ? d.toString('hex').toUpperCase() : d.toString('hex');
}

/** The first free-text field signed (for value mistakes), an amount, an empty one. */
function pick(schema, names, sent, test) {
  return names.find((n) => test(schema.find((f) => f.name === n) ?? {}, sent[n] ?? ''));
}
const textField = (s, names, sent) => pick(s, names, sent, (f, v) => f.format === 'text' && v !== '' && !f.allowed?.length && !/Url$|^url$|^amtItem$|^payUrl$|^returnCode$|^merchantId$|^merchantCode$|^message$|^msg$/.test(f.name));

/**
 * The mistakes, each `{ id, stage, field?, when(ctx) → bool, apply(ctx) }`. `apply` changes the
 * message sent (ctx.sent) and/or the pipeline the sender ran (ctx.p).
 */
const MISTAKES = [
  { id: 'field-signed-extra', stage: 'selection', when: (c) => !!c.unsignedKnown, apply: (c) => { c.field = c.unsignedKnown; c.sent[c.field] ??= 'extra1'; c.p.values[c.field] = c.sent[c.field]; c.p.names.push(c.field); } },
  { id: 'field-extra-param', stage: 'selection', when: () => true, apply: (c) => { c.field = 'utm_source'; c.sent.utm_source = 'wx'; c.p.values.utm_source = 'wx'; c.p.names.push('utm_source'); } },
  { id: 'field-not-signed', stage: 'selection', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.p.names = c.p.names.filter((n) => n !== c.text); } },
  { id: 'signature-signed', stage: 'selection', when: (c) => c.gateway === 'clpay', apply: (c) => { c.field = 'sign'; c.p.names.push('sign'); c.p.values.sign = ''; } },
  { id: 'order-received', stage: 'order', when: (c) => c.names.length > 2, apply: (c) => receivedOrder(c) },
  { id: 'order-alphabetical', stage: 'order', when: (c) => c.gateway === 'cmpay', apply: (c) => { c.p.order = 'byName'; } },
  { id: 'order-table', stage: 'order', when: (c) => c.gateway === 'clpay' && c.tableDiffers, apply: (c) => { c.p.order = 'table'; } },
  { id: 'order-reversed', stage: 'order', when: (c) => c.names.length > 2, apply: (c) => { c.p.order = 'reversed'; } },
  { id: 'percent-not-decoded', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.sent[c.field] = `${CHINESE} 1`; c.p.values[c.field] = encodeURIComponent(c.sent[c.field]); } },
  { id: 'percent-decoded-twice', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.sent[c.field] = 'x%41y'; c.p.values[c.field] = 'xAy'; } },
  { id: 'plus-space', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.sent[c.field] = 'a+b'; c.p.values[c.field] = 'a b'; } },
  { id: 'whitespace', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.sent[c.field] = ' a1 '; c.p.values[c.field] = 'a1'; } },
  { id: 'padded', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.p.values[c.field] = `${c.sent[c.field]} `; } },
  { id: 'fullwidth', stage: 'values', when: (c) => !!c.text, apply: (c) => { c.field = c.text; c.sent[c.field] = 'Ａ１２'; c.p.values[c.field] = 'A12'; } },
  { id: 'number-format', stage: 'values', when: (c) => !!c.amount, apply: (c) => { c.field = c.amount; c.sent[c.field] = '12345'; c.p.values[c.field] = '123.45'; } },
  { id: 'card-plain', stage: 'values', when: (c) => !!c.card, apply: (c) => { c.field = c.card; c.p.values[c.field] = c.cardPlain; } },
  { id: 'assembly-values', stage: 'assembly', when: (c) => c.gateway === 'clpay', apply: (c) => { c.p.pairs = false; c.p.join = ''; } },
  { id: 'assembly-pairs', stage: 'assembly', when: (c) => c.gateway === 'cmpay', apply: (c) => { c.p.pairs = true; c.p.join = '&'; } },
  { id: 'separator', stage: 'assembly', when: () => true, apply: (c) => { c.p.join = '|'; } },
  { id: 'key-label', stage: 'assembly', when: (c) => c.gateway === 'clpay', apply: (c) => { c.p.label = ''; } },
  { id: 'key-whitespace', stage: 'key', when: () => true, apply: (c) => { c.p.key += '\n'; } },
  { id: 'key-case', stage: 'key', when: () => true, apply: (c) => { c.p.key = c.p.key.toUpperCase(); } },
  { id: 'key-label-case', stage: 'key', when: (c) => c.gateway === 'clpay', apply: (c) => { c.p.label = '&key='; } },
  { id: 'gbk-bytes', stage: 'bytes', when: (c) => !!c.text, apply: (c) => { c.sent[c.text] = CHINESE; c.p.values[c.text] = CHINESE; c.p.bytes = 'gbk'; } },
  { id: 'single-hmac', stage: 'digest', when: () => true, apply: (c) => { c.p.digest = 'hmac'; } },
  { id: 'md5-source-key', stage: 'digest', when: (c) => c.gateway === 'cmpay', apply: (c) => { c.p.digest = 'md5'; c.p.label = ''; } },
  { id: 'sha1', stage: 'digest', when: (c) => c.gateway === 'clpay', apply: (c) => { c.p.digest = 'sha1'; } },
  { id: 'hex-case', stage: 'output', when: () => true, apply: (c) => { c.p.output = c.p.output === 'hex' ? 'HEX' : 'hex'; } },
  { id: 'base64', stage: 'output', when: () => true, apply: (c) => { c.p.output = 'base64'; } },
];
const byId = Object.fromEntries(MISTAKES.map((m) => [m.id, m]));

/** Pairs from different stages, applied in pipeline order. */
const PAIRS = [
  ['field-not-signed', 'key-whitespace'],
  ['field-extra-param', 'hex-case'],
  ['order-received', 'single-hmac'],
  ['percent-not-decoded', 'key-case'],
  ['whitespace', 'separator'],
  ['order-alphabetical', 'plus-space'],
  ['padded', 'sha1'],
  ['order-table', 'key-label-case'],
  ['number-format', 'md5-source-key'],
  ['field-signed-extra', 'gbk-bytes'],
  ['fullwidth', 'base64'],
  ['card-plain', 'key-label'],
];

/** Sends the signed fields in an order that is neither the gateway's, the table's nor its
 * reverse, and signs them in that order. */
function receivedOrder(c) {
  const keys = Object.keys(c.sent);
  const signed = keys.filter((k) => c.names.includes(k));
  const [a, b, ...rest] = signed;
  const shapes = [[...signed.slice(1), a], [b, a, ...rest], [...signed].reverse(), [a, ...rest, b]];
  const orderOf = (order, received) => ordered({ ...c.p, order, received });
  const avoid = ['byName', 'table', 'reversed'].map((o) => orderOf(o, keys).join());
  const shape = shapes.find((sh) => !avoid.includes(orderOf('received', sh).join()));
  if (!shape) throw new Error('no distinct received order');
  c.sent = reorder(c.sent, [...shape, ...keys.filter((k) => !shape.includes(k))]);
  c.p.received = Object.keys(c.sent);
  c.p.order = 'received';
}

function reorder(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

function context(t, sample, schema) {
  const gateway = t.spec.startsWith('cmpay') ? 'cmpay' : 'clpay';
  const sent = {};
  let i = 0;
  for (const [k, v] of new URLSearchParams(sample)) {
    if (k === 'sign' || k === 'hmac') continue;
    // Distinct values, so no two mistakes give the same source by coincidence.
    sent[k] = v === 'demo1' ? `d${++i}x` : /[^\x00-\x7f]/.test(v) ? CHINESE : v;
  }
  const names = gateway === 'cmpay' ? CMPAY_ORDER[t.spec.split(':')[1]].filter((n) => schema.some((f) => f.name === n && f.signed)) : schema.filter((f) => f.signed).map((f) => f.name);
  const card = schema.find((f) => f.encrypted && f.signed && sent[f.name])?.name;
  const unsignedKnown = schema.find((f) => !f.signed && !names.includes(f.name))?.name;
  const amountField = pick(schema, names, sent, (f, v) => f.format === 'amount' && /^[1-9]\d*$/.test(v));
  const sorted = [...names].sort();
  return {
    gateway, sent, names, schema, card, unsignedKnown,
    cardPlain: '6222021234567890123',
    text: textField(schema, names, sent), amount: amountField,
    tableDiffers: sorted.join() !== names.join(),
    key: gateway === 'clpay' ? CLPAY_KEY : CMPAY_KEY,
  };
}

function entry(t, base, ids) {
  const c = { ...base, sent: { ...base.sent } };
  c.p = pipeline(c.gateway, c.names, c.sent);
  if (base.rsa) Object.assign(c.p, { digest: 'rsa', label: null });
  const expect = [];
  for (const id of ids) {
    c.field = undefined;
    byId[id].apply(c);
    expect.push({ id, field: c.field ?? null });
  }
  const sigField = c.gateway === 'clpay' ? 'sign' : 'hmac';
  const input = new URLSearchParams({ ...c.sent, [sigField]: sign(c.p) }).toString();
  const keys = base.rsa ? { publicKey: RSA.certificate } : { key: c.key, tdesKey: TDES_KEY };
  return { name: `${t.spec}${base.rsa ? ' (RSA)' : ''} · ${ids.join(' + ')}`, target: t.spec, input, ...keys, expect };
}

/** Builds the corpus with paysign's field tables and samples (`paysign/debug`). */
export function buildCorpus(paysign) {
  const schemaOf = (spec) => {
    const [g, id, part] = spec.split(':');
    if (g === 'cmpay') return paysign.cmpayMessages().find((m) => m.id === id).fields;
    const i = paysign.clpayInterfaces().find((x) => x.id === id);
    return part === 'response' ? i.response : i.request;
  };
  const entries = [];
  for (const t of paysign.debugTargets()) {
    const schema = schemaOf(t.spec);
    if (!schema.some((f) => f.signed)) continue;
    // The sample's own signature is dropped: only its values are used.
    const base = context(t, paysign.debugSample(t.spec, 'sample-key', TDES_KEY), schema);
    for (const m of MISTAKES) if (m.when(base)) entries.push(entry(t, base, [m.id]));
    for (const ids of PAIRS) if (ids.every((id) => byId[id].when(base))) entries.push(entry(t, base, ids));
    if (base.gateway !== 'cmpay') continue;
    const rsa = { ...base, rsa: true, sent: { ...base.sent, signType: 'RSA' } };
    const fits = (id) => RSA_STAGES.includes(byId[id].stage) && byId[id].when(rsa);
    for (const m of MISTAKES) if (fits(m.id)) entries.push(entry(t, rsa, [m.id]));
    for (const ids of PAIRS) if (ids.every(fits)) entries.push(entry(t, rsa, ids));
  }
  return {
    source: 'tests/js/corpus.mjs: broken messages signed with node:crypto (MD5, SHA-1, HMAC-MD5, SHA1withRSA with the key pair of cmpay.json) by a pipeline written from NOTES.md, one mistake or two from different stages each; field tables and sample values from paysign',
    valid: entries,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paysign = await import('paysign/debug');
  const corpus = buildCorpus(paysign);
  writeFileSync(CORPUS_FILE, `${JSON.stringify(corpus, null, 1)}\n`);
  console.log(`${corpus.valid.length} entries written to ${CORPUS_FILE.pathname}`);
}
