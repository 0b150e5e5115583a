// An example merchant: places a CMPay (和包) order and a clpayment e-bank order, sends the
// payer to the gateway's cashier, and takes the notifies with paysign/notify's handlers.
// Against the local sandbox:
//
//   npx paysign sandbox                        # prints its URL and the test keys it made
//   PAYSIGN_CMPAY_KEY=… PAYSIGN_CLPAY_KEY=… node examples/merchant/server.mjs
//   open http://127.0.0.1:3000/
//
// Against the real gateways, set CMPAY_GATEWAY / CLPAY_GATEWAY to their addresses (the
// defaults are the sandbox's) and PUBLIC_URL to the address they can reach this server at.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Clpay, Cmpay, nonce, tdesEncrypt } from 'paysign';
import { expressNotify, notifyKey } from 'paysign/notify';

const PORT = Number(process.env.PORT ?? 3000);
const PUBLIC_URL = process.env.PUBLIC_URL ?? `http://127.0.0.1:${PORT}`;
const CMPAY_GATEWAY = process.env.CMPAY_GATEWAY ?? 'http://127.0.0.1:8090';
const CLPAY_GATEWAY = process.env.CLPAY_GATEWAY ?? 'http://127.0.0.1:8090';
const CMPAY_MERCHANT = process.env.CMPAY_MERCHANT ?? '888009941120001';
const CLPAY_MERCHANT = process.env.CLPAY_MERCHANT ?? '1000000001';
// clpayment's 3DES key for card fields (24 characters; the sandbox does not decrypt them).
const CLPAY_TDES_KEY = process.env.PAYSIGN_CLPAY_TDES_KEY ?? '0123456789abcdefghijklmn';

const cmpay = new Cmpay(process.env.PAYSIGN_CMPAY_KEY ?? '');
const clpay = new Clpay(process.env.PAYSIGN_CLPAY_KEY ?? '');

// The merchant's "database": orders, and the idempotency keys of the notifies processed.
const orders = new Map();
const processed = new Set();
const deliveries = []; // every notify delivered to onNotify, for the log below

const today = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');
const now14 = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);

// Processing a notify: idempotent by its key (the gateway resends, and the sandbox's replay
// sends the same notify again on purpose).
async function onNotify(notify, { key }) {
  deliveries.push({ key, at: Date.now() });
  if (processed.has(key)) return; // already done: acknowledge again, change nothing
  const f = notify.fields;
  const order = orders.get(f.outOrderId ?? f.orderId); // clpayment: outOrderId (orderId is the platform's); CMPay: orderId
  if (!order) throw new Error('unknown order'); // 500: the gateway will retry
  // CMPay: status SUCCESS; clpayment: a trade notify means paid, a payout notify's state 00 paid out.
  const paid = f.status === 'SUCCESS' || notify.interface === 'tradeNotify' || f.state === '00';
  const amount = f.amount ?? f.totalAmount;
  if (String(order.amount) !== amount) throw new Error('amount differs from the order');
  order.status = paid ? 'PAID' : 'FAILED';
  order.paidBy = key;
  processed.add(key);
}

const cmpayNotify = expressNotify({ verifier: cmpay, onNotify });
const clpayNotify = expressNotify({ verifier: clpay, onNotify });

async function placeCmpayOrder(ackMode) {
  const orderId = `CM${Date.now()}${Math.floor(Math.random() * 1000)}`;
  orders.set(orderId, { gateway: 'cmpay', orderId, amount: 1, status: 'WAIT' });
  const req = cmpay.buildRequest({
    characterSet: '00', callbackUrl: `${PUBLIC_URL}/cmpay/return`,
    notifyUrl: `${PUBLIC_URL}/cmpay/notify${ackMode === 'wrong' ? '-wrong-ack' : ''}`,
    ipAddress: '127.0.0.1', merchantId: CMPAY_MERCHANT, requestId: nonce(), signType: 'MD5', type: 'DirectPayConfirm',
    version: '2.0.0', amount: '1', currency: '00', orderDate: today(), orderId, merAcDate: today(), period: '30',
    periodUnit: '00', productName: '和包测试商品',
  });
  const res = await fetch(`${CMPAY_GATEWAY}/ips/cmpayService`, { method: 'POST', headers: { 'content-type': req.contentType }, body: req.body });
  const answer = cmpay.verifyResponse(new Uint8Array(await res.arrayBuffer()));
  if (!answer.valid || answer.fields.returnCode !== '000000' || !answer.payUrl) {
    throw new Error(`CMPay refused the order: ${answer.fields.returnCode} ${answer.fields.message}`);
  }
  return answer.payUrl.redirectUrl;
}

function clpayOrderForm() {
  const outOrderId = `CL${Date.now()}${Math.floor(Math.random() * 1000)}`;
  orders.set(outOrderId, { gateway: 'clpay', orderId: outOrderId, amount: 2, status: 'WAIT' });
  const req = clpay.signRequest('ebank', {
    merchantCode: CLPAY_MERCHANT, outOrderId, totalAmount: 2, goodsName: '网银测试', orderCreateTime: now14(),
    merUrl: `${PUBLIC_URL}/clpay/return`, noticeUrl: `${PUBLIC_URL}/clpay/notify`, bankCode: 'ICBC', bankCardType: '01',
  });
  // The e-bank request is a form the payer's browser posts to the gateway (manual 2.6).
  return { action: `${CLPAY_GATEWAY}${new URL(req.url).pathname}`, fields: req.params };
}

// A payout (clpayment 2.2.1): the platform answers at once and notifies the result later, to
// the payout notify address set up with it (the sandbox's --clpay-payout-url).
async function payout() {
  const outOrderId = `PO${Date.now()}${Math.floor(Math.random() * 1000)}`;
  orders.set(outOrderId, { gateway: 'clpay', kind: 'payout', orderId: outOrderId, amount: 3, status: 'WAIT' });
  const req = clpay.signRequest('payout', {
    merchantCode: CLPAY_MERCHANT, nonceStr: nonce(), outOrderId, totalAmount: 3,
    intoCardNo: tdesEncrypt('6222020200112233445', CLPAY_TDES_KEY), intoCardName: tdesEncrypt('张三', CLPAY_TDES_KEY),
    intoCardType: '1', type: '04',
  });
  const res = await fetch(`${CLPAY_GATEWAY}${new URL(req.url).pathname}`, { method: 'POST', headers: { 'content-type': req.contentType }, body: req.body });
  const answer = clpay.verifyResponse('payout', await res.text());
  if (!answer.valid || !answer.success) throw new Error(`payout refused: ${answer.code} ${answer.msg}`);
  return { outOrderId, orderId: answer.data.orderId };
}

const page = (name) => readFileSync(new URL(name, import.meta.url));
const text = (res, status, body) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
const json = (res, value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));

const server = createServer(async (req, res) => {
  const url = new URL(req.url, PUBLIC_URL);
  try {
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /': return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('index.html'));
      case 'GET /shop.js': return res.writeHead(200, { 'content-type': 'text/javascript' }).end(page('shop.js'));
      case 'POST /order/cmpay': return res.writeHead(303, { location: await placeCmpayOrder(url.searchParams.get('ack')) }).end();
      case 'POST /order/clpay': return json(res, clpayOrderForm());
      // The notifies: verified, processed once, acknowledged exactly.
      case 'POST /cmpay/notify': return cmpayNotify(req, res);
      case 'POST /clpay/notify': return clpayNotify(req, res);
      case 'POST /clpay/payout-notify': return clpayNotify(req, res);
      case 'POST /payout': return json(res, await payout());
      // A merchant bug kept for the end-to-end test: the wrong acknowledgement ("success" is
      // clpayment's payout ack; CMPay wants SUCCESS), so CMPay keeps retrying.
      case 'POST /cmpay/notify-wrong-ack': {
        for await (const _ of req);
        return text(res, 200, 'success');
      }
      // The payer's browser comes back: CMPay posts the signed PageNotify; clpayment just links.
      case 'POST /cmpay/return': {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        const n = cmpay.verifyNotify(new Uint8Array(Buffer.concat(chunks)), { contentType: req.headers['content-type'] });
        if (!n.valid) return text(res, 400, `not a valid PageNotify: ${n.reason?.code}`);
        await onNotify(n, { key: notifyKey(n) }); // the same key as its OfflineNotify
        return text(res, 200, `支付结果 ${n.fields.status}: order ${n.fields.orderId}`);
      }
      case 'GET /clpay/return': return text(res, 200, '已从网银返回 back from the bank: the trade notify says whether it was paid');
      case 'GET /api/orders': return json(res, { orders: [...orders.values()], deliveries });
      default: return text(res, 404, 'not found');
    }
  } catch (e) {
    console.error(e);
    text(res, 500, e.code ?? 'ERROR');
  }
});
server.listen(PORT, '127.0.0.1', () => console.log(`example merchant: ${PUBLIC_URL}/`));
