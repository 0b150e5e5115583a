// CMPay through the built package: hmac against node:crypto, RSA against node:crypto and the
// OpenSSL CLI for 1024/2048/4096-bit keys in every accepted format, GBK, payUrl, codes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, createPrivateKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { Cmpay, cmpaySignSource, cmpayMessages, cmpayRecognise, cmpayParsePayUrl, cmpayParseAmtItem, cmpayCode, cmpayCodes, cmpayBank, cmpayBanks, cmpayNotifyAck, inspectRsaKey, rsaKeysMatch } from 'paysign/rsa';
import { vectors, cmpayHmacRef, CMPAY_ORDER, rng, randomText } from './helpers.mjs';

const file = vectors('cmpay.json');

test('NOTES.md known answers, and node:crypto agrees', () => {
  for (const v of file.valid) {
    const c = new Cmpay(v.key);
    assert.equal(cmpayRecognise(v.params), v.message);
    assert.equal(cmpaySignSource(v.params), v.signSource);
    assert.equal(c.sign(v.params), v.hmac, v.name);
    assert.equal(cmpayHmacRef(CMPAY_ORDER[v.message], v.params, v.key), v.hmac);
    const t = c.signTrace(v.params);
    assert.equal(t.source, v.signSource);
    assert.match(t.inner, /^[0-9a-f]{32}$/);
    assert.equal(c.verify({ ...v.params, hmac: v.hmac }), true);
    assert.equal(c.verify({ ...v.params, hmac: v.hmac, merchantCert: 'x', serverCert: 'y' }), true, 'certs never signed');
  }
});

test('schemas follow the sign order of NOTES.md', () => {
  for (const m of cmpayMessages()) assert.deepEqual(m.fields.map((f) => f.name), CMPAY_ORDER[m.id], m.id);
});

test('hmac matches node:crypto createHmac over many generated messages of every type', () => {
  const r = rng(7);
  let n = 0;
  for (const m of cmpayMessages()) {
    for (let i = 0; i < 150; i++) {
      const params = { signType: 'MD5', type: m.types[i % m.types.length] };
      for (const name of CMPAY_ORDER[m.id]) if (!(name in params) && r() < 0.8) params[name] = randomText(r);
      if (m.direction !== 'request') params.returnCode ??= '000000';
      const key = randomText(r) || 'k';
      const c = new Cmpay(key);
      const expected = cmpayHmacRef(CMPAY_ORDER[m.id], params, key);
      assert.equal(c.sign(params, m.id), expected, `${m.id} ${JSON.stringify(params)}`);
      assert.equal(c.verify({ ...params, hmac: expected }, m.id), true);
      n++;
    }
  }
  assert.ok(n >= 900);
});

const dir = mkdtempSync(join(tmpdir(), 'paysign-rsa-'));
const keys = {};
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const bare = (pem) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');

before(() => {
  for (const bits of [1024, 2048, 4096]) {
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', `k8-${bits}.pem`);
    openssl('rsa', '-in', `k8-${bits}.pem`, '-traditional', '-out', `k1-${bits}.pem`);
    openssl('rsa', '-in', `k8-${bits}.pem`, '-pubout', '-out', `spki-${bits}.pem`);
    openssl('rsa', '-in', `k8-${bits}.pem`, '-RSAPublicKey_out', '-out', `p1-${bits}.pem`);
    openssl('req', '-x509', '-new', '-key', `k8-${bits}.pem`, '-subj', '/CN=paysign test', '-days', '2', '-out', `cert-${bits}.pem`);
    const read = (f) => readFileSync(join(dir, f), 'utf8');
    keys[bits] = {
      private: { 'pkcs8-private': read(`k8-${bits}.pem`), 'pkcs1-private': read(`k1-${bits}.pem`) },
      public: { spki: read(`spki-${bits}.pem`), 'pkcs1-public': read(`p1-${bits}.pem`), 'x509-certificate': read(`cert-${bits}.pem`) },
    };
  }
});

function rsaNotify(r) {
  return {
    merchantId: '888009941120001', payNo: '2019' + Math.floor(r() * 1e9), returnCode: '000000', message: randomText(r),
    signType: 'RSA', type: 'OfflineNotify', version: '2.0.0', amount: '100',
    amtItem: 'CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: 'ICBC', mobile: '151****0263',
    orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: randomText(r),
    reserved2: '中文', status: 'SUCCESS', orderDate: '20110309', fee: '0',
  };
}

test('RSA: paysign signatures verify with node:crypto and the OpenSSL CLI, every private key format', () => {
  const r = rng(11);
  for (const bits of [1024, 2048, 4096]) {
    const pub = createPublicKey(keys[bits].public.spki);
    for (const [format, pem] of Object.entries(keys[bits].private)) {
      for (const text of [pem, bare(pem)]) {
        const c = new Cmpay({ privateKey: text });
        assert.deepEqual(c.keyInfo.privateKey, { format, bits, private: true, pem: text === pem });
        const params = rsaNotify(r);
        const src = cmpaySignSource(params);
        assert.equal(src, CMPAY_ORDER.offlineNotify.map((k) => params[k] ?? '').join(''));
        const hmac = c.sign(params);
        assert.equal(hmac.length, bits / 4);
        const sig = Buffer.from(hmac, 'hex');
        assert.equal(nodeVerify('sha1', Buffer.from(src, 'utf8'), pub, sig), true, `${bits} ${format} node`);
        assert.equal(nodeVerify('sha1', Buffer.from(src + 'x', 'utf8'), pub, sig), false);
        if (text === pem) {
          writeFileSync(join(dir, 'src.txt'), src);
          writeFileSync(join(dir, 'sig.bin'), sig);
          assert.match(openssl('dgst', '-sha1', '-verify', `spki-${bits}.pem`, '-signature', 'sig.bin', 'src.txt'), /Verified OK/);
        }
        const b64 = c.buildRequest({ merchantId: '888009941120001', requestId: 'r', signType: 'RSA', type: 'OrderQuery', version: '2.0.0', orderId: 'o' }, { signatureEncoding: 'base64' });
        assert.equal(nodeVerify('sha1', Buffer.from(b64.signSource), pub, Buffer.from(b64.hmac, 'base64')), true);
      }
    }
  }
});

test('RSA on the platform (node:crypto here) and in wasm give the bytes OpenSSL gives, sync and async; both verify and refuse alike', async () => {
  const r = rng(13);
  for (const bits of [1024, 2048, 4096]) {
    const keyset = { privateKey: keys[bits].private['pkcs1-private'], serverCert: keys[bits].public['x509-certificate'] };
    const platform = new Cmpay(keyset);
    const wasm = new Cmpay({ ...keyset, rsa: 'wasm' });
    for (let i = 0; i < 3; i++) {
      // Random text, within the schema's lengths (an over-long message is rightly invalid).
      const params = { ...rsaNotify(r), message: [...randomText(r)].slice(0, 20).join(''), reserved1: [...randomText(r)].slice(0, 20).join('') };
      writeFileSync(join(dir, 'src.txt'), cmpaySignSource(params));
      openssl('dgst', '-sha1', '-sign', `k8-${bits}.pem`, '-out', 'ossl.bin', 'src.txt');
      const expected = readFileSync(join(dir, 'ossl.bin')).toString('hex');
      assert.equal(platform.sign(params), expected, `${bits} platform`);
      assert.equal(wasm.sign(params), expected, `${bits} wasm`);
      assert.equal(await platform.signAsync(params), expected, `${bits} platform async`);
      assert.equal(await wasm.signAsync(params), expected, `${bits} wasm async`);
      const bad = expected.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
      for (const c of [platform, wasm]) {
        assert.equal(c.isValidNotify({ ...params, hmac: expected }), true);
        assert.equal(await c.isValidNotifyAsync({ ...params, hmac: expected }), true);
        assert.equal(c.isValidNotify({ ...params, hmac: bad }), false);
        assert.equal((await c.verifyNotifyAsync({ ...params, hmac: bad })).reason.code, 'BAD_SIGNATURE');
        assert.equal(c.isValidNotify({ ...params, hmac: expected, amount: '101' }), false, 'tampered message');
      }
    }
  }
  assert.throws(() => new Cmpay({ serverCert: keys[1024].public.spki, rsa: 'openssl' }), { code: 'BAD_OPTION', field: 'rsa' });
  // The MD5 mode has nothing to run on the platform: the async form answers the same.
  const md5 = new Cmpay('k');
  const p = { merchantId: '1', requestId: 'r', signType: 'MD5', type: 'OrderQuery', version: '2.0.0', orderId: 'o' };
  assert.equal(await md5.signAsync(p), md5.sign(p));
});

test('RSA: node:crypto and OpenSSL signatures verify with paysign, every public key format; tampering fails', () => {
  const r = rng(12);
  for (const bits of [1024, 2048, 4096]) {
    const priv = createPrivateKey(keys[bits].private['pkcs8-private']);
    const params = rsaNotify(r);
    const src = CMPAY_ORDER.offlineNotify.map((k) => params[k] ?? '').join('');
    const nodeSig = nodeSign('sha1', Buffer.from(src, 'utf8'), priv);
    writeFileSync(join(dir, 'src.txt'), src);
    openssl('dgst', '-sha1', '-sign', `k1-${bits}.pem`, '-out', 'ossl.bin', 'src.txt');
    const osslSig = readFileSync(join(dir, 'ossl.bin'));
    assert.deepEqual(osslSig, nodeSig, 'PKCS#1 v1.5 is deterministic');
    for (const [format, pem] of Object.entries(keys[bits].public)) {
      for (const text of [pem, bare(pem)]) {
        assert.deepEqual(inspectRsaKey(text), { format, bits, private: false, pem: text === pem });
        const c = new Cmpay({ serverCert: text });
        for (const hmac of [nodeSig.toString('hex'), nodeSig.toString('hex').toUpperCase(), osslSig.toString('base64')]) {
          const v = c.verifyNotify({ ...params, hmac, serverCert: 'ignored' });
          assert.equal(v.valid, true, `${bits} ${format}`);
          assert.equal(v.amtItem.cny, 100);
        }
        assert.equal(c.verifyNotify({ ...params, hmac: nodeSig.toString('hex'), amount: '101' }).valid, false, 'tampered message');
        const bad = Buffer.from(nodeSig);
        bad[bad.length - 1] ^= 1;
        assert.equal(c.isValidNotify({ ...params, hmac: bad.toString('hex') }), false, 'tampered signature');
      }
      assert.equal(rsaKeysMatch(keys[bits].private['pkcs1-private'], pem), true);
      assert.equal(rsaKeysMatch(keys[bits].private['pkcs1-private'], keys[bits === 1024 ? 2048 : 1024].public[format]), false);
    }
  }
});

test('GBK: a characterSet=00 request with Chinese values decodes back and verifies', () => {
  const v = file.valid.find((x) => x.message === 'directPayConfirmRequest');
  const c = new Cmpay(v.key);
  const params = { ...v.params, characterSet: '00', productName: '和包测试', productDesc: '测试商品描述 含空格&符号=+', reserved1: '保留' };
  const req = c.buildRequest(params);
  assert.equal(req.charset, 'GBK');
  assert.equal(req.contentType, 'application/x-www-form-urlencoded; charset=GBK');
  assert.ok(req.body.includes('productName=%BA%CD%B0%FC%B2%E2%CA%D4'));
  assert.equal(req.hmac, new Cmpay(v.key).sign(params), 'the signature is over UTF-8 whatever the wire charset');
  const bytes = Buffer.from(req.body, 'latin1');
  const back = c.verifyNotify(bytes, { message: 'directPayConfirmRequest' });
  assert.equal(back.valid, true);
  assert.equal(back.charset, 'GBK');
  assert.equal(back.fields.productDesc, params.productDesc);
  const decoded = new TextDecoder('gbk').decode(Buffer.from(decodeURIComponent(req.body.match(/productName=([^&]*)/)[1].replace(/%([0-9A-F]{2})/g, '%25$1')).split('%').filter(Boolean).map((h) => parseInt(h, 16))));
  assert.equal(decoded, '和包测试', 'an independent GBK decoder reads the same text');
  assert.equal(c.buildRequest({ ...params, characterSet: '02' }).charset, 'UTF-8');
  assert.equal(c.buildRequest({ ...params, characterSet: '01' }).charset, 'GBK');
});

test('OfflineNotify from a raw GBK body, and the SUCCESS ack', () => {
  const key = 'k'.repeat(64);
  const c = new Cmpay(key);
  const params = { merchantId: '888009941120001', payNo: '201901310005378468', returnCode: '000000', message: '成功', signType: 'MD5', type: 'OfflineNotify', version: '2.0.0', amount: '100', amtItem: 'CNY_AMT=80#CMY_AMT=0#RED_AMT=20#VCH_AMT=0#POT_CHG_AMT=0', bankAbbr: 'ICBC', mobile: '151****0263', orderId: '201103091030298930', payDate: '20190131102735', accountDate: '20190131', reserved1: '保留', reserved2: '', status: 'SUCCESS', orderDate: '20110309', fee: '0' };
  const hmac = cmpayHmacRef(CMPAY_ORDER.offlineNotify, params, key);
  const enc = (s) => [...new Uint8Array(Buffer.from(require_gbk(s)))].map((b) => (b < 128 && /[A-Za-z0-9*_.-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  const body = Object.entries({ ...params, serverCert: '', hmac }).map(([k, v]) => `${k}=${enc(v)}`).join('&');
  const v = c.verifyNotify(body);
  assert.deepEqual([v.message, v.valid, v.charset, v.ack, v.fields.message], ['offlineNotify', true, 'GBK', 'SUCCESS', '成功']);
  assert.deepEqual(v.amtItem, { cny: 80, cmy: 0, red: 20, vch: 0, potChg: 0, total: 100 });
  assert.equal(v.codeInfo.meaningEn, 'Success');
  assert.equal(cmpayNotifyAck(), 'SUCCESS');
  assert.equal(c.isValidNotify(body, { charset: 'GBK' }), true);
});

// GBK bytes of a string, taken from paysign's own GBK request body would be circular: use the
// known GBK code points of the few characters these tests need.
const GBK = { 成: [0xb3, 0xc9], 功: [0xb9, 0xa6], 保: [0xb1, 0xa3], 留: [0xc1, 0xf4] };
function require_gbk(s) {
  return [...s].flatMap((ch) => GBK[ch] ?? [...Buffer.from(ch, 'utf8')]);
}

test('payUrl: parsed, redirect URL and an escaped auto-submitting form', () => {
  const p = cmpayParsePayUrl('url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999');
  assert.equal(p.url, 'https://ipos.10086.cn/ips/FormTrans3');
  assert.equal(p.method, 'POST');
  assert.equal(p.sessionId, '2011010199999');
  assert.equal(p.redirectUrl, 'https://ipos.10086.cn/ips/FormTrans3?sessionId=2011010199999');
  assert.match(p.formHtml, /<form id="cmpay-pay" method="post" action="https:\/\/ipos\.10086\.cn\/ips\/FormTrans3"/);
  const evil = cmpayParsePayUrl('url<hi:=>https://x.test/a?b=c<hi:$$>method<hi:=>get<hi:$$>sessionId<hi:=>"><img src=x onerror=alert(1)>');
  assert.equal(evil.method, 'GET');
  assert.ok(!evil.formHtml.includes('<img'));
  assert.ok(evil.formHtml.includes('&quot;&gt;&lt;img'));
  assert.equal(evil.redirectUrl.startsWith('https://x.test/a?b=c&sessionId='), true);
});

test('DirectPayConfirm response: verified, payUrl parsed', () => {
  const key = 'z'.repeat(64);
  const params = { merchantId: '888009941120001', requestId: '201103071740065878', signType: 'MD5', type: 'DirectPayConfirm', version: '2.0.0', returnCode: '000000', message: 'SUCCESS', payUrl: 'url<hi:=>https://ipos.10086.cn/ips/FormTrans3<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>2011010199999' };
  const hmac = cmpayHmacRef(CMPAY_ORDER.directPayConfirmResponse, params, key);
  const body = Object.entries({ ...params, merchantCert: '', hmac }).map(([k, v]) => `${k}=${v}`).join('&');
  const v = new Cmpay(key).verifyResponse(body);
  assert.deepEqual([v.message, v.valid, v.payUrl.sessionId, v.ack], ['directPayConfirmResponse', true, '2011010199999', null]);
});

test('codes of both generations, banks in ASCII', () => {
  assert.equal(cmpayCode('C01088').meaningZh, cmpayCode('MCG01088').meaningZh);
  assert.equal(cmpayCode('D22201').meaningEn, cmpayCode('RPM22201').meaningEn);
  assert.match(cmpayCode('IPS0008').hintEn, /charset/);
  assert.match(cmpayCode('IPS0001').hintEn, /merchantId or signKey/);
  assert.equal(cmpayCode('E22160').retryable, false);
  assert.equal(cmpayCode('RPM22201').retryable, true);
  for (const c of ['000000', 'MCG00000']) assert.equal(cmpayCode(c).success, true);
  assert.ok(cmpayCodes().length >= 40);
  const banks = cmpayBanks();
  assert.equal(new Set(banks.map((b) => b.code)).size, banks.length);
  assert.ok(banks.every((b) => /^[A-Z]+$/.test(b.code)), 'no Cyrillic look-alikes');
  assert.equal(cmpayBank('ХМВ'), undefined, 'the OCR spelling is not a code');
  assert.equal(cmpayBank('XMB').name, '厦门银行');
  assert.equal(cmpayParseAmtItem('CNY_AMT=100#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0', 100).total, 100);
});

test('the README example request builds and signs', () => {
  const cmpay = new Cmpay('k'.repeat(64));
  const req = cmpay.buildRequest({
    characterSet: '02', callbackUrl: 'https://shop.example/cmpay/return', notifyUrl: 'https://shop.example/cmpay/notify',
    ipAddress: '203.0.113.7', merchantId: '888009941120001', requestId: 'R1', signType: 'MD5', type: 'DirectPayConfirm',
    version: '2.0.0', amount: '100', currency: '00', orderDate: '20240102', orderId: 'SO-1', merAcDate: '20240102',
    period: '7', periodUnit: '02', productName: '和包测试',
  });
  assert.equal(req.url, 'https://ipos.10086.cn/ips/cmpayService');
  assert.equal(req.charset, 'UTF-8');
  assert.equal(req.hmac, cmpayHmacRef(CMPAY_ORDER.directPayConfirmRequest, req.params, 'k'.repeat(64)));
  assert.ok(req.body.endsWith(`&hmac=${req.hmac}`));
});
