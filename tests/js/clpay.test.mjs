// clpayment through the built package, exactly as a user imports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clpay, clpaySignSource, clpayInterface, clpayInterfaces, clpayNotifyAck, clpayCode, clpayBank, clpayBanks, nonce } from 'paysign';
import { vectors, clpaySignRef, rng, randomText } from './helpers.mjs';

const file = vectors('clpay.json');

test('manual examples: sign source, sign, and node:crypto agree', () => {
  for (const v of file.valid) {
    const c = new Clpay(v.key);
    const part = v.part;
    assert.equal(clpaySignSource(v.interface, v.params, part), v.signSource, v.name);
    assert.equal(c.sign(v.interface, v.params, part), v.sign, v.name);
    const signed = clpayInterface(v.interface)[part === 'response' ? 'response' : 'request'].filter((f) => f.signed).map((f) => f.name);
    assert.equal(clpaySignRef(signed, v.params, v.key), v.sign, `${v.name} (node:crypto)`);
    assert.equal(c.verify(v.interface, { ...v.params, sign: v.sign }, part), true);
    assert.equal(c.verify(v.interface, { ...v.params, sign: v.sign.toLowerCase() }, part), false, 'lowercase sign is not what the gateway sends');
  }
});

test('manual 2.3 typo is recorded as invalid', () => {
  assert.ok(file.invalid.length > 0);
  for (const v of file.invalid) {
    const c = new Clpay(v.key);
    assert.equal(clpaySignSource(v.interface, v.params), v.signSource);
    assert.equal(c.verify(v.interface, { ...v.params, sign: v.sign }), false);
  }
});

test('trade notify: raw JSON, raw form, bytes and parsed object all verify', () => {
  const v = file.valid.find((x) => x.interface === 'tradeNotify');
  const c = new Clpay(v.key);
  const parsed = JSON.parse(v.body);
  const form = new URLSearchParams(Object.entries(parsed).map(([k, x]) => [k, String(x)])).toString();
  for (const body of [v.body, new TextEncoder().encode(v.body), parsed, form, new TextEncoder().encode(form)]) {
    const n = c.verifyNotify(body);
    assert.equal(n.valid, true);
    assert.equal(n.interface, 'tradeNotify');
    assert.equal(n.ack, '{"code":"00"}');
    assert.equal(n.fields.totalAmount, '1');
    assert.equal(c.isValidNotify(body), true);
  }
  assert.equal(c.verifyNotify({ ...parsed, totalAmount: 2 }).valid, false);
  assert.equal(new Clpay('wrong').isValidNotify(v.body), false);
  assert.equal(clpayNotifyAck('tradeNotify'), '{"code":"00"}');
  assert.equal(clpayNotifyAck('payoutNotify'), 'success');
});

test('payout notify is recognised by its state field and acked with success', () => {
  const key = 'k'.repeat(32);
  const c = new Clpay(key);
  const fields = { merchantCode: '1000000001', outOrderId: 'P1', orderId: 'O1', state: '00', transTime: '20240101120000', totalAmount: '100', fee: '0', errorMsg: '' };
  const signed = clpayInterface('payoutNotify').request.filter((f) => f.signed).map((f) => f.name);
  const sign = clpaySignRef(signed, fields, key);
  const body = new URLSearchParams({ ...fields, sign }).toString();
  const n = c.verifyNotify(body);
  assert.equal(n.interface, 'payoutNotify');
  assert.equal(n.valid, true);
  assert.equal(n.ack, 'success');
  assert.equal(c.verifyNotify({ ...fields, sign }).valid, true);
});

test('trade query response: numbers past 2^53 are signed in their literal form', () => {
  const v = file.valid.find((x) => x.part === 'response');
  const r = new Clpay(v.key).verifyResponse(v.interface, v.body);
  assert.equal(r.valid, true);
  assert.equal(r.success, true);
  assert.equal(r.msg, '成功');
  assert.equal(r.data.instructCode, '1012000000000000352');
  assert.equal(r.codeInfo.code, '00');
  const failed = new Clpay(v.key).verifyResponse('tradeQuery', '{"code":"09003","msg":"验签失败"}');
  assert.deepEqual([failed.success, failed.valid, failed.data, failed.codeInfo.meaningEn], [false, false, null, 'Signature verification failed']);
  const asString = JSON.stringify({ code: '00', msg: 'ok', data: JSON.stringify(JSON.parse(v.body).data) });
  const viaString = new Clpay(v.key).verifyResponse(v.interface, asString);
  assert.equal(viaString.valid, true, 'data given as a JSON string is parsed too');
  assert.notEqual(viaString.data.instructCode, '1012000000000000352', 'JSON.parse in JS loses the big number; paysign does not');
});

test('sign matches node:crypto over many generated parameter sets, every interface', () => {
  const r = rng(20261123);
  let checked = 0;
  for (const iface of clpayInterfaces()) {
    for (const part of ['request', 'response']) {
      const signed = iface[part].filter((f) => f.signed).map((f) => f.name);
      if (!signed.length) continue;
      for (let i = 0; i < 60; i++) {
        const params = {};
        for (const f of iface[part]) if (r() < 0.85) params[f.name] = randomText(r);
        const key = randomText(r) || 'key';
        const c = new Clpay(key);
        const expected = clpaySignRef(signed, params, key);
        assert.equal(c.sign(iface.id, params, part), expected, `${iface.id} ${part} ${JSON.stringify(params)}`);
        assert.equal(c.verify(iface.id, { ...params, sign: expected }, part), true);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000);
});

test('signRequest validates, signs, and sends a body that decodes back', () => {
  const key = '0123456789abcdef0123456789abcdef';
  const c = new Clpay(key);
  const params = {
    merchantCode: '1000000001', outOrderId: 'A-1', totalAmount: 100, goodsName: '测试 商品&=+',
    merchantOrderTime: '20240102030405', merUrl: 'https://m.example/r?x=1', notifyUrl: 'https://m.example/n',
    randomStr: nonce(), payType: '0031', payAccount: 'enc1', phoneNumber: 'enc2', settleAccount: 'enc3',
    settleAccountName: 'enc4', credentialNumber: 'enc5',
  };
  const req = c.signRequest('quickPay', params);
  assert.equal(req.url, 'http://expand.clpayment.com/quick/font/createTxOrder.do');
  const back = Object.fromEntries(new URLSearchParams(req.body));
  assert.deepEqual(back, req.params);
  assert.equal(back.totalAmount, '100');
  const signed = clpayInterface('quickPay').request.filter((f) => f.signed).map((f) => f.name);
  assert.equal(req.sign, clpaySignRef(signed, back, key));
  assert.equal(back.sign, req.sign);
  assert.ok(!req.signSource.includes(key));
});

test('nonce is 32 letters and digits and differs each time', () => {
  const seen = new Set();
  for (let i = 0; i < 200; i++) {
    const n = nonce();
    assert.match(n, /^[0-9A-Za-z]{32}$/);
    seen.add(n);
  }
  assert.equal(seen.size, 200);
});

test('codes and banks', () => {
  assert.equal(clpayCode('09007').meaningZh, '请求报文异常');
  assert.equal(clpayCode('30014').retryable, false);
  assert.equal(clpayCode('12345'), undefined);
  assert.equal(clpayBank('招商银行').code, 'CMB');
  assert.equal(clpayBank('bcm').supported, false);
  assert.equal(clpayBanks().length, 17);
  assert.ok(clpayBanks().every((b) => /^[A-Z]+$/.test(b.code)));
  const unsupported = clpayInterfaces().filter((i) => !i.supported).map((i) => i.id);
  assert.deepEqual(unsupported, ['withdraw', 'refund', 'refundQuery']);
});
