// The sandbox's cashier: shows the order and sends the payer's choice. Every value from the
// order is set as text (textContent, input.value), never as HTML.
const sessionId = new URLSearchParams(location.search).get('sessionId') ?? '';
const $ = (id) => document.getElementById(id);
const NAMES = { cmpay: '和包 CMPay', clpay: 'clpayment 网银 e-bank' };
const STATUS = { WAIT: '待支付 waiting', SUCCESS: '已支付 paid', FAILED: '支付失败 failed', ABANDONED: '已放弃 abandoned' };

function show(order) {
  $('gateway').textContent = NAMES[order.gateway] ?? order.gateway;
  $('merchant').textContent = order.merchant;
  $('order').textContent = order.orderId;
  $('product').textContent = order.product || '—';
  $('amount').textContent = `¥${(Number(order.amount) / 100).toFixed(2)} (${order.amount} 分)`;
  $('status').textContent = STATUS[order.status] ?? order.status;
  for (const b of document.querySelectorAll('button')) b.disabled = order.status !== 'WAIT';
  document.body.dataset.status = order.status;
}

// The payer's browser goes on to the merchant: CMPay's PageNotify as a form posted to
// callbackUrl, in the order's charset; clpayment's merUrl as a plain link.
function go(redirect) {
  // Only to a web address (the sandbox refuses others too).
  if (!['http:', 'https:'].includes(new URL(redirect.url, location.href).protocol)) return;
  if (redirect.method === 'GET') {
    location.assign(redirect.url);
    return;
  }
  const form = document.createElement('form');
  form.method = 'post';
  form.action = redirect.url;
  form.acceptCharset = redirect.charset;
  for (const [name, value] of Object.entries(redirect.fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}

async function choose(outcome) {
  for (const b of document.querySelectorAll('button')) b.disabled = true;
  const res = await fetch(`/_sandbox/api/orders/${encodeURIComponent(sessionId)}/pay`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }),
  });
  const r = await res.json();
  if (r.error) { $('message').textContent = r.error; return; }
  if (r.redirect) {
    $('message').textContent = '正在返回商户 returning to the merchant…';
    go(r.redirect);
  } else {
    $('message').textContent = '订单已放弃，不会通知商户 abandoned: no notify is sent';
    show(await (await fetch(`/_sandbox/api/orders/${encodeURIComponent(sessionId)}`)).json());
  }
}

const res = await fetch(`/_sandbox/api/orders/${encodeURIComponent(sessionId)}`);
if (!res.ok) {
  $('gateway').textContent = '没有这个订单 no such order';
  for (const b of document.querySelectorAll('button')) b.disabled = true;
} else {
  show(await res.json());
  $('pay').addEventListener('click', () => choose('pay'));
  $('fail').addEventListener('click', () => choose('fail'));
  $('abandon').addEventListener('click', () => choose('abandon'));
}
