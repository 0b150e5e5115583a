// The sandbox's log page: requests with their verdicts, notifies with every attempt and
// answer, and a button that sends a notify again. Values are set as text, never as HTML.
const $ = (sel) => document.querySelector(sel);
const cell = (tr, text, cls) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.append(td);
  return td;
};

function details(td, summary, entry) {
  const d = document.createElement('details');
  const s = document.createElement('summary');
  s.textContent = summary;
  d.append(s);
  for (const [label, text] of [['request', entry.request], ['response', entry.response]]) {
    if (!text) continue;
    const pre = document.createElement('pre');
    pre.textContent = `${label}:\n${text}`;
    d.append(pre);
  }
  td.textContent = '';
  td.append(d);
}

async function replay(id) {
  await fetch(`/_sandbox/api/deliveries/${id}/replay`, { method: 'POST' });
  refresh();
}

let last = '';
async function refresh() {
  const data = await (await fetch('/_sandbox/api/log')).json();
  const text = JSON.stringify(data);
  if (text === last) return;
  last = text;
  $('#clock').textContent = data.clock > 1 ? `clock ×${data.clock}: retry waits are ${data.clock} times shorter` : '';
  const dBody = $('#deliveries tbody');
  dBody.textContent = '';
  for (const d of data.deliveries.slice().reverse()) {
    const tr = document.createElement('tr');
    tr.dataset.delivery = d.id;
    const acked = d.attempts.some((a) => a.acked);
    cell(tr, `${d.gateway} ${d.message}`);
    cell(tr, d.order);
    cell(tr, d.url, 'url');
    cell(tr, d.attempts.map((a) => (a.acked ? '✓' : `✗${a.status || ''}`)).join(' '));
    cell(tr, acked ? 'acknowledged' : d.done ? 'gave up' : 'retrying', acked ? 'ok' : 'bad');
    const td = cell(tr, '');
    const b = document.createElement('button');
    b.textContent = '再发一次 Replay';
    b.className = 'replay';
    b.addEventListener('click', () => replay(d.id));
    td.append(b);
    dBody.append(tr);
  }
  const lBody = $('#log tbody');
  lBody.textContent = '';
  for (const e of data.log.slice().reverse()) {
    const tr = document.createElement('tr');
    tr.className = e.ok ? 'ok' : 'bad';
    cell(tr, e.at.slice(11, 19));
    cell(tr, e.gateway ?? '');
    details(cell(tr, ''), `${e.kind}: ${e.summary ?? ''}`, e);
    cell(tr, e.verdict ?? '');
    lBody.append(tr);
  }
}

refresh();
setInterval(refresh, 1000);
