// The clpayment signer/verifier page: the web build of paysign, no network beyond its own files.
import init, { Clpay, clpayInterfaces, clpayInterface, clpaySignSource } from './pkg/paysign.js';

await init();
const $ = (id) => document.getElementById(id);
const ifaces = clpayInterfaces();
for (const i of ifaces) $('iface').add(new Option(`${i.section} ${i.title} (${i.id})${i.supported ? '' : ' *'}`, i.id));
$('iface').value = 'tradeNotify';

const SAMPLE = '{"instructCode":"150211000000000018","merchantCode":"1000000267","outOrderId":"80904482661769148113436093416980","sign":"69C0A709C58C7E7BFA5CF5B7F8D690C0","totalAmount":1,"transTime":"20150211155604","transType":"00200"}';

function parseInput(text) {
  const t = text.trim();
  if (t.startsWith('{')) {
    const obj = JSON.parse(t);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v === null ? '' : String(v)]));
  }
  if (t.includes('\n')) return Object.fromEntries(t.split(/\r?\n/).filter(Boolean).map((l) => { const i = l.indexOf('='); return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i + 1)]; }));
  return Object.fromEntries(new URLSearchParams(t.replace(/^\?/, '')));
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render() {
  const out = $('out');
  try {
    const id = $('iface').value;
    const part = $('part').value;
    const params = parseInput($('params').value);
    const schema = clpayInterface(id)[part];
    const source = clpaySignSource(id, params, part);
    const key = $('key').value;
    let html = `<h2>签名原文 Sign source</h2><pre>${esc(source)}&amp;KEY=<em>••••</em></pre>`;
    if (key) {
      const c = new Clpay(key);
      const expected = c.sign(id, params, part);
      html += `<h2>签名 sign</h2><pre>${esc(expected)}</pre>`;
      if (params.sign !== undefined) {
        const ok = c.verify(id, params, part);
        html += `<p class="verdict ${ok ? 'ok' : 'bad'}">${ok ? '✔ 签名正确 signature matches' : `✘ 签名不符 mismatch: received ${esc(params.sign)}`}</p>`;
      }
    }
    html += '<h2>字段 Fields</h2><table><thead><tr><th>name</th><th>value</th><th>signed</th><th>required</th></tr></thead><tbody>';
    for (const f of schema) html += `<tr><td>${esc(f.name)}<br><small>${esc(f.label)}</small></td><td>${esc(params[f.name] ?? '')}</td><td>${f.signed ? '✔' : ''}</td><td>${f.required ? '✔' : ''}</td></tr>`;
    out.innerHTML = `${html}</tbody></table>`;
  } catch (e) {
    out.innerHTML = `<p class="verdict bad">${esc(e.code ?? e.name)}: ${esc(e.message)}</p>`;
  }
}

$('f').addEventListener('submit', (e) => { e.preventDefault(); render(); });
$('sample').addEventListener('click', () => { $('iface').value = 'tradeNotify'; $('part').value = 'request'; $('params').value = SAMPLE; $('key').value = '123456ABDDFF'; render(); });
