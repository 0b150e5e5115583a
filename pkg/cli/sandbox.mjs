// `paysign sandbox`: both gateways on the merchant's own machine, on paysign's core.
//
// It takes requests where the real gateways take them (CMPay's /ips/cmpayService by `type`;
// clpayment's interface paths), checks them as the gateway would with the core's gateway side
// (Cmpay/Clpay.verifyRequest: the schema first, then the signature) and answers with the
// gateway's own codes and signed responses (Cmpay.buildMessage, Clpay.sign). Orders are paid,
// failed or abandoned on its cashier page; the signed notifies then go to the merchant's
// notify URL and are retried on the gateway's schedule until the exact acknowledgement comes
// back. Everything it sees is on its log page, where a notify can be sent again.
//
// State (keys, orders, deliveries, log) is one JSON file in the folder given with --state,
// written after every change (to a temporary file, then renamed), so a restart resumes the
// pending deliveries. Keys come from options or environment variables; test keys are
// generated once, printed once, and kept in the state file.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, renameSync, mkdirSync, existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Clpay, Cmpay, clpayInterfaces, cmpayCode, clpayCode, nonce } from '../dist/rsa.node.js';

const UI = fileURLToPath(new URL('./sandbox-ui/', import.meta.url));
const MAX_BODY = 64 * 1024;
const MINUTE = 60_000;

/** The notify schedules: minutes to wait after each failed attempt. */
export const SCHEDULES = {
  // NOTES.md: OfflineNotify is retried 7 times after the first (1/5/10/60/120/360/900 min).
  cmpay: [1, 5, 10, 60, 120, 360, 900],
  // The manual (2.7): "否则我方会连续发送 3 次"; it gives no intervals (nor any for 2.8): the
  // sandbox waits as CMPay's first three retries do.
  clpay: [1, 5, 10],
};

const now14 = (d = new Date()) => {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
};
const digits = (n) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

/** Keys from options or the environment; the ones missing are generated and reported once. */
function resolveKeys(options, saved) {
  const fromFile = (f) => (f ? readFileSync(f, 'utf8').trim() : undefined);
  const given = {
    cmpay: options.cmpayKey ?? fromFile(options.cmpayKeyFile) ?? process.env.PAYSIGN_CMPAY_KEY,
    clpay: options.clpayKey ?? fromFile(options.clpayKeyFile) ?? process.env.PAYSIGN_CLPAY_KEY,
  };
  const keys = {};
  const generated = [];
  for (const g of ['cmpay', 'clpay']) {
    if (given[g]) keys[g] = given[g];
    else if (saved?.[g]) keys[g] = saved[g];
    else {
      // paysign's nonce(): 32 letters and digits from a secure source.
      keys[g] = g === 'cmpay' ? nonce() + nonce() : nonce().toUpperCase();
      generated.push(g);
    }
  }
  return { keys, generated };
}

export async function startSandbox(options = {}) {
  const stateDir = options.state ?? '.paysign-sandbox';
  const clock = Number(options.clock ?? 1);
  if (!(clock >= 1)) throw new Error('--clock must be a number ≥ 1 (how many times faster than real time)');
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'sandbox.json');
  const state = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { version: 1, keys: null, seq: 0, orders: {}, deliveries: {}, log: [], balance: 100_000_000 };
  const { keys, generated } = resolveKeys(options, state.keys);
  // Generated keys are kept so that a restart uses them again; given ones are not written.
  state.keys = Object.fromEntries(Object.entries(keys).filter(([g]) => generated.includes(g) || state.keys?.[g] === keys[g]));
  const cmpay = new Cmpay({ signKey: keys.cmpay });
  const clpay = new Clpay(keys.clpay);
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));

  let saving = false;
  const save = () => {
    if (saving) return;
    saving = true;
    queueMicrotask(() => {
      saving = false;
      if (state.log.length > 2000) state.log.splice(0, state.log.length - 2000);
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    });
  };
  const id = (prefix) => `${prefix}${++state.seq}`;
  const record = (entry) => {
    const e = { id: id('L'), at: new Date().toISOString(), ...entry };
    state.log.push(e);
    save();
    return e;
  };

  // ---- notify deliveries ----
  const timers = new Map();
  function schedule(d) {
    clearTimeout(timers.get(d.id));
    if (d.done) return;
    const wait = Math.max(0, d.nextAt - Date.now());
    const t = setTimeout(() => attempt(d, false), wait);
    t.unref?.();
    timers.set(d.id, t);
  }
  async function send(d) {
    const started = Date.now();
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': d.contentType },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      const text = (await res.text()).slice(0, 2000);
      return { status: res.status, body: text, ms: Date.now() - started };
    } catch (e) {
      return { status: 0, body: String(e?.cause?.code ?? e?.name ?? e), ms: Date.now() - started };
    }
  }
  async function attempt(d, replay) {
    timers.delete(d.id);
    const r = await send(d);
    // The gateway wants the acknowledgement exactly (whitespace around it aside), with 200.
    const acked = r.status === 200 && r.body.trim() === d.ack;
    const n = d.attempts.length + 1;
    d.attempts.push({ at: new Date().toISOString(), status: r.status, body: r.body, acked, replay });
    record({
      kind: replay ? 'replay' : 'notify', gateway: d.gateway, delivery: d.id, message: d.message,
      summary: `${replay ? '' : `attempt ${n}: `}${d.message} ${d.order} → ${d.url}`,
      verdict: acked ? 'acknowledged' : r.status === 0 ? `no answer (${r.body})` : `HTTP ${r.status}, not the acknowledgement`,
      ok: acked, request: d.body, response: r.body, status: r.status,
    });
    log(`${d.gateway} ${d.message} ${d.order}: ${acked ? 'acknowledged' : `HTTP ${r.status || '-'} ${JSON.stringify(r.body.slice(0, 60))}`}${replay ? ' (replay)' : ''}`);
    if (!replay) {
      if (acked) d.done = true;
      else {
        const waits = SCHEDULES[d.gateway];
        const retries = d.attempts.filter((a) => !a.replay).length - 1;
        if (retries >= waits.length) d.done = true;
        else {
          d.nextAt = Date.now() + (waits[retries] * MINUTE) / clock;
          schedule(d);
        }
      }
    }
    save();
  }
  function deliver(gateway, message, order, url, body, contentType, ack) {
    const d = { id: id('D'), gateway, message, order, url, body, contentType, ack, attempts: [], done: false, nextAt: Date.now() };
    if (!isHttp(url)) {
      // Nothing to send to: the gateway gives up at once (the log says why).
      d.done = true;
      state.deliveries[d.id] = d;
      record({ kind: 'notify', gateway, delivery: d.id, message, summary: `${message} ${order} → ${url}`, verdict: 'not an http(s) URL: not sent', ok: false });
      return d;
    }
    state.deliveries[d.id] = d;
    save();
    schedule(d);
    return d;
  }

  // ---- CMPay ----
  const cmpayAnswer = (check, fields, charset) => {
    const m = check.message === 'orderQueryRequest' ? 'orderQueryResponse' : 'directPayConfirmResponse';
    const built = cmpay.buildMessage(fields, { message: m, charset });
    return { status: 200, type: `text/plain; charset=${built.charset}`, body: built.body };
  };
  // A refusal: the response's envelope only (the core needs no more of one).
  function cmpayError(check, code, message) {
    const f = check.fields;
    const base = { merchantId: f.merchantId || '0', returnCode: code, message, signType: 'MD5', version: f.version || '2.0.0' };
    if (check.message === 'orderQueryRequest') return { ...base, type: 'OrderQuery' };
    return { ...base, requestId: f.requestId || '0', type: f.type || 'DirectPayConfirm', payUrl: '' };
  }
  function cmpayService(body, contentType, base) {
    let check;
    try {
      check = cmpay.verifyRequest(body, { contentType });
    } catch (e) {
      record({ kind: 'request', gateway: 'cmpay', summary: 'cmpayService: not a CMPay request', verdict: e.code, ok: false, request: latin(body) });
      return { status: 400, type: 'text/plain; charset=utf-8', body: e.code ?? 'BAD_REQUEST' };
    }
    const f = check.fields;
    const charset = f.characterSet === '02' || check.message === 'orderQueryRequest' ? 'UTF-8' : 'GBK';
    const entry = { kind: 'request', gateway: 'cmpay', message: check.message, summary: `${f.type} ${f.orderId ?? ''}`, request: decodedForm(f) };
    if (!check.valid) {
      // The core's answer code (IPS0008, the field's own code, IPS0001), the field named.
      const text = `${cmpayCode(check.code)?.meaningZh ?? '请求无效'}${check.reason.field ? ` (${check.reason.field})` : ''}`;
      const answer = cmpayAnswer(check, cmpayError(check, check.code, text), charset);
      record({ ...entry, verdict: refusal(check), ok: false, response: answer.body });
      return answer;
    }
    if (f.signType !== 'MD5') {
      const answer = cmpayAnswer(check, cmpayError(check, 'IPS0001', '沙箱只接受 signType=MD5'), charset);
      record({ ...entry, verdict: 'IPS0001 signType=RSA is not simulated', ok: false, response: answer.body });
      return answer;
    }
    const key = `cmpay:${f.merchantId}:${f.orderId}`;
    let fields;
    let verdict;
    if (check.message === 'orderQueryRequest') {
      const o = state.orders[key];
      if (!o || o.status === 'WAIT' || o.status === 'ABANDONED') {
        fields = cmpayError(check, 'D22201', '订单不存在');
        verdict = 'D22201 no such paid order';
      } else {
        fields = {
          merchantId: f.merchantId, payNo: o.payNo, returnCode: '000000', message: '成功', signType: 'MD5', type: 'OrderQuery',
          version: f.version, amount: o.amount, amtItem: `CNY_AMT=${o.amount}#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0`,
          bankAbbr: o.bankAbbr, mobile: o.mobile, orderId: o.orderId, payDate: o.payDate, reserved1: o.reserved1, reserved2: o.reserved2,
          status: o.status, orderDate: o.orderDate, fee: '0',
        };
        verdict = `000000 ${o.status}`;
      }
    } else {
      const existing = state.orders[key];
      if (existing && (existing.status !== 'WAIT' || existing.requestId === f.requestId)) {
        fields = cmpayError(check, 'RPM22208', '订单状态异常');
        verdict = 'RPM22208 orderId or requestId used before';
      } else {
        const sessionId = digits(18);
        const o = {
          gateway: 'cmpay', key, sessionId, merchantId: f.merchantId, orderId: f.orderId, requestId: f.requestId, amount: f.amount,
          orderDate: f.orderDate, productName: f.productName, notifyUrl: f.notifyUrl, callbackUrl: f.callbackUrl,
          charset, reserved1: f.reserved1 ?? '', reserved2: f.reserved2 ?? '', bankAbbr: f.bankAbbr ?? '', status: 'WAIT',
          createdAt: new Date().toISOString(),
        };
        state.orders[key] = o;
        state.sessions = { ...state.sessions, [sessionId]: key };
        fields = {
          merchantId: f.merchantId, requestId: f.requestId, signType: 'MD5', type: f.type, version: f.version, returnCode: '000000', message: '成功',
          payUrl: `url<hi:=>${base}/cashier<hi:$$>method<hi:=>post<hi:$$>sessionId<hi:=>${sessionId}`,
        };
        verdict = `000000 order placed, session ${sessionId}`;
      }
    }
    const answer = cmpayAnswer(check, fields, charset);
    record({ ...entry, verdict, ok: verdict.startsWith('000000'), response: answer.body });
    return answer;
  }
  function cmpayNotify(o, message) {
    const fields = {
      merchantId: o.merchantId, payNo: o.payNo, returnCode: '000000', message: '成功', signType: 'MD5', type: message === 'pageNotify' ? 'PageNotify' : 'OfflineNotify',
      version: '2.0.0', amount: o.amount, amtItem: `CNY_AMT=${o.amount}#CMY_AMT=0#RED_AMT=0#VCH_AMT=0#POT_CHG_AMT=0`,
      bankAbbr: o.bankAbbr, mobile: o.mobile, orderId: o.orderId, payDate: o.payDate, accountDate: o.payDate.slice(0, 8),
      reserved1: o.reserved1, reserved2: o.reserved2, status: o.status, orderDate: o.orderDate, fee: '0',
    };
    return cmpay.buildMessage(fields, { message, charset: o.charset });
  }

  // ---- clpayment ----
  const clpayPaths = new Map();
  for (const i of clpayInterfaces()) if (i.url) clpayPaths.set(new URL(i.url).pathname, i.id);
  const json = (status, value) => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(value) });
  const signedData = (interfaceId, data) => ({ ...data, sign: clpay.sign(interfaceId, data, 'response') });
  function clpayRequest(interfaceId, body, contentType, base) {
    const entry = { kind: 'request', gateway: 'clpay', message: interfaceId, request: latin(body) };
    // The platform takes form posts only (manual 1.2, code 09007's hint).
    if (!/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
      record({ ...entry, summary: `${interfaceId}: not a form post`, verdict: '09007 not a form post', ok: false });
      return json(200, { code: '09007', msg: '请求报文异常: 须以 form 表单提交' });
    }
    let check;
    try {
      check = clpay.verifyRequest(interfaceId, body, { contentType });
    } catch (e) {
      record({ ...entry, summary: `${interfaceId}: not a request`, verdict: `09007 ${e.code}`, ok: false });
      return json(200, { code: '09007', msg: `请求报文异常: ${e.code}` });
    }
    const f = check.fields;
    entry.summary = `${interfaceId} ${f.outOrderId ?? ''}`;
    entry.request = decodedForm(f);
    if (!check.valid) {
      const msg = `${clpayCode(check.code).meaningZh}${check.reason.field ? `: ${check.reason.field}` : ''}`;
      record({ ...entry, verdict: refusal(check), ok: false });
      return json(200, { code: check.code, msg });
    }
    const key = `clpay:${f.merchantCode}:${f.outOrderId}`;
    let answer;
    let verdict = '00';
    switch (interfaceId) {
      case 'ebank': {
        const existing = state.orders[key];
        if (existing && (existing.status === 'SUCCESS' || existing.totalAmount !== f.totalAmount)) {
          // The manual: a paid order cannot be paid again, and its amount cannot change.
          record({ ...entry, verdict: '09007 order paid already or amount changed', ok: false });
          return json(200, { code: '09007', msg: '请求报文异常: 订单已支付或金额不符' });
        }
        const sessionId = existing?.sessionId ?? digits(18);
        state.orders[key] = {
          gateway: 'clpay', key, sessionId, merchantCode: f.merchantCode, outOrderId: f.outOrderId, totalAmount: f.totalAmount,
          goodsName: f.goodsName ?? '', noticeUrl: f.noticeUrl, merUrl: f.merUrl, bankCode: f.bankCode, ext: f.ext ?? '',
          status: 'WAIT', createdAt: new Date().toISOString(),
        };
        state.sessions = { ...state.sessions, [sessionId]: key };
        record({ ...entry, verdict: `00 redirected to the cashier, session ${sessionId}`, ok: true });
        // "重定向到银行": the browser goes on to the sandbox's bank page.
        return { status: 303, location: `${base}/cashier?sessionId=${sessionId}`, type: 'text/plain; charset=utf-8', body: 'see the cashier' };
      }
      case 'tradeQuery': {
        const o = state.orders[key];
        if (!o) {
          answer = { code: '09007', msg: '请求报文异常: 订单不存在' };
          verdict = '09007 no such order';
        } else {
          const data = { merchantCode: o.merchantCode, outOrderId: o.outOrderId, amount: Number(o.totalAmount), replyCode: o.status === 'SUCCESS' ? '00' : '01' };
          if (o.instructCode) Object.assign(data, { instructCode: o.instructCode, transTime: o.transTime, transType: '00200' });
          if (o.ext) data.ext = o.ext;
          answer = { code: '00', msg: '成功', data: signedData('tradeQuery', data) };
          verdict = `00 replyCode ${data.replyCode}`;
        }
        break;
      }
      case 'payout': {
        if (state.orders[key]) {
          answer = { code: '09007', msg: '请求报文异常: 订单号重复' };
          verdict = '09007 outOrderId used before';
          break;
        }
        const o = {
          gateway: 'clpay', kind: 'payout', key, merchantCode: f.merchantCode, outOrderId: f.outOrderId, totalAmount: f.totalAmount,
          orderId: digits(18), fee: '0', state: '00', transTime: now14(), status: 'SUCCESS', createdAt: new Date().toISOString(),
        };
        state.orders[key] = o;
        state.balance -= Number(f.totalAmount);
        answer = { code: '00', msg: '成功', data: signedData('payout', { merchantCode: o.merchantCode, outOrderId: o.outOrderId, totalAmount: Number(o.totalAmount), orderId: o.orderId, fee: 0 }) };
        verdict = `00 paid out, order ${o.orderId}`;
        if (options.clpayPayoutUrl) {
          const n = signedNotify('payoutNotify', { merchantCode: o.merchantCode, outOrderId: o.outOrderId, orderId: o.orderId, state: o.state, transTime: o.transTime, totalAmount: o.totalAmount, fee: o.fee });
          deliver('clpay', 'payoutNotify', o.outOrderId, options.clpayPayoutUrl, n, 'application/x-www-form-urlencoded', 'success');
        } else verdict += ' (no payout notify: start the sandbox with --clpay-payout-url)';
        break;
      }
      case 'payoutQuery': {
        const o = state.orders[key];
        if (!o || o.kind !== 'payout') {
          answer = { code: '09007', msg: '请求报文异常: 订单不存在' };
          verdict = '09007 no such payout';
        } else {
          answer = { code: '00', msg: '成功', data: signedData('payoutQuery', { merchantCode: o.merchantCode, outOrderId: o.outOrderId, orderId: o.orderId, state: o.state, transTime: o.transTime, totalAmount: Number(o.totalAmount), fee: 0 }) };
          verdict = `00 state ${o.state}`;
        }
        break;
      }
      case 'balance': {
        const b = state.balance;
        answer = { code: '00', msg: '成功', data: signedData('balance', { balance: b, availableBalance: b, frozenBalance: 0, merchantCode: f.merchantCode }) };
        verdict = `00 balance ${b}`;
        break;
      }
      default:
        record({ ...entry, verdict: `${interfaceId} is not simulated`, ok: false });
        return json(501, { code: '09007', msg: `paysign sandbox: ${interfaceId} is not simulated` });
    }
    const out = json(200, answer);
    record({ ...entry, verdict, ok: answer.code === '00', response: out.body });
    return out;
  }
  function signedNotify(interfaceId, fields) {
    const sign = clpay.sign(interfaceId, fields);
    return new URLSearchParams({ ...fields, sign }).toString();
  }

  // ---- the cashier ----
  function orderBySession(sessionId) {
    const key = state.sessions?.[sessionId];
    return key ? state.orders[key] : undefined;
  }
  function publicOrder(o) {
    return o.gateway === 'cmpay'
      ? { gateway: 'cmpay', merchant: o.merchantId, orderId: o.orderId, amount: o.amount, product: o.productName, status: o.status, charset: o.charset }
      : { gateway: 'clpay', merchant: o.merchantCode, orderId: o.outOrderId, amount: o.totalAmount, product: o.goodsName, status: o.status, bank: o.bankCode };
  }
  function pay(o, outcome) {
    if (o.status !== 'WAIT') return { error: `the order is ${o.status} already` };
    if (outcome === 'abandon') {
      o.status = 'ABANDONED';
      record({ kind: 'cashier', gateway: o.gateway, summary: `order ${o.orderId ?? o.outOrderId} abandoned`, verdict: 'abandoned, no notify', ok: true });
      return { done: 'abandoned' };
    }
    const back = o.gateway === 'cmpay' ? o.callbackUrl : o.merUrl;
    if (!isHttp(back)) return { error: `the merchant's return address is not an http(s) URL` };
    const success = outcome === 'pay';
    record({ kind: 'cashier', gateway: o.gateway, summary: `order ${o.orderId ?? o.outOrderId} ${success ? 'paid' : 'failed'} on the cashier`, verdict: success ? 'SUCCESS' : 'FAILED', ok: true });
    if (o.gateway === 'cmpay') {
      // A bank payment names its bank; a wallet payment (no bankAbbr chosen) the payer's mobile,
      // masked as CMPay masks it.
      Object.assign(o, { status: success ? 'SUCCESS' : 'FAILED', payNo: digits(18), payDate: now14(), mobile: o.bankAbbr ? '' : '138****0000' });
      const offline = cmpayNotify(o, 'offlineNotify');
      deliver('cmpay', 'OfflineNotify', o.orderId, o.notifyUrl, offline.body, offline.contentType, 'SUCCESS');
      const page = cmpayNotify(o, 'pageNotify');
      // PageNotify goes through the payer's browser: a form posted to callbackUrl.
      return { redirect: { url: o.callbackUrl, method: 'POST', charset: o.charset, fields: page.params } };
    }
    if (!success) {
      // clpayment e-bank: only a successful payment is notified (manual 2.8 note 2).
      o.status = 'FAILED';
      return { redirect: { url: o.merUrl, method: 'GET' } };
    }
    Object.assign(o, { status: 'SUCCESS', instructCode: digits(18), transTime: now14() });
    state.balance += Number(o.totalAmount);
    const fields = { merchantCode: o.merchantCode, instructCode: o.instructCode, transType: '00200', outOrderId: o.outOrderId, transTime: o.transTime, totalAmount: o.totalAmount };
    if (o.ext) fields.ext = o.ext;
    deliver('clpay', 'tradeNotify', o.outOrderId, o.noticeUrl, signedNotify('tradeNotify', fields), 'application/x-www-form-urlencoded', '{"code":"00"}');
    return { redirect: { url: o.merUrl, method: 'GET' } };
  }

  // ---- HTTP ----
  const STATIC = {
    '/cashier': ['cashier.html', 'text/html; charset=utf-8'],
    '/_sandbox/': ['log.html', 'text/html; charset=utf-8'],
    '/_sandbox/cashier.js': ['cashier.js', 'text/javascript; charset=utf-8'],
    '/_sandbox/log.js': ['log.js', 'text/javascript; charset=utf-8'],
    '/_sandbox/style.css': ['style.css', 'text/css; charset=utf-8'],
  };
  const HEADERS = {
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    // The pages are the sandbox's own files; order fields are set as text by their scripts.
    'content-security-policy': "default-src 'self'; form-action *; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  };
  async function readBody(req) {
    const chunks = [];
    let n = 0;
    for await (const c of req) {
      n += c.length;
      if (n > MAX_BODY) return null;
      chunks.push(c);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }
  const server = createServer(async (req, res) => {
    const send = (a) => {
      res.writeHead(a.status, { ...HEADERS, 'content-type': a.type, ...(a.location ? { location: a.location } : {}) });
      res.end(a.body);
    };
    try {
      const url = new URL(req.url, 'http://sandbox');
      const base = `http://${req.headers.host}`;
      const path = url.pathname;
      if (req.method === 'GET' && STATIC[path]) {
        const [name, type] = STATIC[path];
        return send({ status: 200, type, body: readFileSync(join(UI, name)) });
      }
      if (req.method === 'GET' && path === '/') return send({ status: 302, location: '/_sandbox/', type: 'text/plain', body: '' });
      if (req.method === 'GET' && path === '/_sandbox/api/log') {
        const deliveries = Object.values(state.deliveries).map(({ body: _b, ...d }) => d);
        return send({ status: 200, type: 'application/json', body: JSON.stringify({ log: state.log.slice(-500), deliveries, clock }) });
      }
      const orderPath = path.match(/^\/_sandbox\/api\/orders\/(\d{1,30})(\/pay)?$/);
      if (orderPath) {
        const o = orderBySession(orderPath[1]);
        if (!o) return send(json(404, { error: 'no such session' }));
        if (req.method === 'GET' && !orderPath[2]) return send(json(200, publicOrder(o)));
        if (req.method === 'POST' && orderPath[2]) {
          const body = await readBody(req);
          let outcome;
          try {
            outcome = JSON.parse(Buffer.from(body ?? []).toString('utf8') || '{}')?.outcome;
          } catch {
            outcome = undefined;
          }
          if (!['pay', 'fail', 'abandon'].includes(outcome)) return send(json(400, { error: 'outcome is pay, fail or abandon' }));
          const r = pay(o, outcome);
          save();
          return send(json(r.error ? 409 : 200, r));
        }
      }
      const replay = path.match(/^\/_sandbox\/api\/deliveries\/(D\d{1,12})\/replay$/);
      if (replay && req.method === 'POST') {
        const d = state.deliveries[replay[1]];
        if (!d) return send(json(404, { error: 'no such delivery' }));
        await attempt(d, true);
        return send(json(200, d.attempts.at(-1)));
      }
      if (req.method !== 'POST') return send({ status: 404, type: 'text/plain; charset=utf-8', body: 'not found' });
      const body = await readBody(req);
      if (body === null) return send({ status: 413, type: 'text/plain; charset=utf-8', body: 'BODY_TOO_LARGE' });
      // The CMPay cashier is posted to (payUrl's method is post) with the sessionId.
      if (path === '/cashier') {
        const sessionId = new URLSearchParams(Buffer.from(body).toString('latin1')).get('sessionId') ?? '';
        return send({ status: 303, location: `/cashier?sessionId=${encodeURIComponent(sessionId)}`, type: 'text/plain', body: '' });
      }
      if (path.endsWith('/cmpayService')) return send(cmpayService(body, req.headers['content-type'], base));
      const interfaceId = clpayPaths.get(path);
      if (interfaceId) return send(clpayRequest(interfaceId, body, req.headers['content-type'], base));
      send({ status: 404, type: 'text/plain; charset=utf-8', body: 'not found' });
    } catch (e) {
      log(`sandbox error: ${e?.stack ?? e}`);
      send({ status: 500, type: 'text/plain; charset=utf-8', body: 'sandbox error' });
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(Number(options.port ?? 8090), options.host ?? '127.0.0.1', ok);
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${server.address().port}`;
  save();
  // Deliveries left pending by an earlier run go on where they stopped.
  for (const d of Object.values(state.deliveries)) schedule(d);
  return {
    url,
    keys,
    generated,
    state,
    close: () => new Promise((ok) => {
      for (const t of timers.values()) clearTimeout(t);
      server.closeAllConnections?.();
      server.close(() => ok());
    }),
  };
}

const isHttp = (url) => {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

// A refused request's verdict in the log: the code answered and why.
const refusal = (check) => `${check.code} ${check.reason.code}${check.reason.field ? ` ${check.reason.field}` : ''}`;

// A form's fields as text for the log (already decoded by the core).
function decodedForm(fields) {
  return Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('\n');
}
// A body that is not a message, shown as Latin-1 text (never decoded as anything it is not).
function latin(body) {
  return Buffer.from(body.subarray(0, 4096)).toString('latin1');
}
