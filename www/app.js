// The signature debugger: renders the report of paysign's core (debugAnalyse) and hosts the
// tools. No network beyond this page's own files; keys stay in memory only.
// The package's plain-ESM entry of its debug module (paysign/debug/web), copied by the build:
// it fetches the .wasm next to it and is ready on import.
import {
  debugAnalyse, debugTargets, debugSample, clpayCode, cmpayCode, cmpayParsePayUrl,
  tdesEncrypt, tdesDecrypt, inspectRsaKey, rsaKeysMatch,
} from './pkg/debug.web.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const DEMO_KEY = 'paysign-demo-key-0123456789abcdef';
const DEMO_TDES = 'paysign-demo-3des-key-24';

const T = {
  zh: {
    title: '签名调试器', lead: '一切计算都在本页完成（WebAssembly），不发送任何数据；密钥不会进入网址、存储或日志。',
    tabDebug: '签名调试', tabCodes: '错误码', tabRsa: 'RSA 密钥',
    inputLabel: '报文（查询串、表单、JSON、完整 URL、key=value 行、clpayment 响应）', targetLabel: '网关与报文', auto: '自动识别',
    keyLabel: 'MD5 密钥（md5Key / signKey）', moreKeys: '更多密钥：和包 RSA 公钥/证书、clpayment 3DES 密钥',
    pubLabel: '和包平台公钥或证书（signType=RSA，PEM 或 base64）', tdesKeyLabel: '3DES 密钥（检查卡号字段加密与否）',
    check: '检查签名', share: '复制分享链接（不含密钥）', samples: '示例报文（每个报文一个，使用演示密钥签名）',
    codeLabel: '错误码（两个网关：00、09003、IPS0008、RPM22201、C01088 …）', payurlLabel: 'payUrl 令牌', parse: '解析',
    tdesText: '明文或密文', tdesKey: '密钥（16 或 24 字节）', mode: '模式', padding: '填充', keyEncoding: '密钥编码', output: '密文编码',
    ivEncoding: 'IV 编码', encrypt: '加密', decrypt: '解密', rsaPriv: '私钥（PKCS#1 / PKCS#8，PEM 或 base64）',
    rsaPub: '公钥或证书（PKCS#1 / SPKI / X.509）', inspect: '检查', legacy: 'MD5、SHA-1、3DES 是网关规定的旧算法，仅用于与网关对接。',
    recognised: '识别为', chosen: '按所选', format: '格式', charset: '字符集', fields: '字段', name: '字段名', value: '值', signed: '签名',
    pos: '位置', problems: '问题', source: '签名原文', steps: '中间值', expected: '计算得到', received: '报文中的',
    match: '✔ 签名一致', mismatch: '✘ 签名不一致', 'no-key': '输入密钥后才能计算签名', 'no-signature': '报文中没有签名字段',
    diagnosis: '诊断（按可能性排序，均能重现收到的签名）',
    diffCorrect: '正确的签名原文', diffSigned: '对方实际签名的原文', sameSource: '两边的签名原文相同：差别在原文之后的步骤',
    tried: (n, total, done) => `共试了 ${n} 种变体（全部单个错误及跨阶段的成对错误共 ${total} 种）${done ? '' : '；时间预算用完，未试完'}`,
    stages: { selection: '签名字段', order: '字段顺序', values: '字段值', assembly: '拼接方式', key: '密钥', bytes: '字节编码', digest: '摘要算法', output: '输出编码' }, shared: '已复制分享链接（只含报文，不含密钥）：', error: '无法解析',
    meaning: '含义', hint: '常见原因', retry: '可重试', final: '不可重试，需修正请求', none: '未知错误码',
    redirect: '跳转地址（GET）', form: '自动提交表单', items: '参数', method: '方法',
    format_found: '格式', bits: '位数', kind: '类型', privateKey: '私钥', publicKey: '公钥', pair: '配对',
    pairYes: '✔ 私钥与公钥/证书配对', pairNo: '✘ 私钥与公钥/证书不配对', sampleKey: '已填入演示密钥',
    marks: { space: '空格', tab: '制表符', newline: '换行', fullwidth: '全角字符', plus: '+ 号', percent: '%xx 编码', nonascii: '非 ASCII', invisible: '不可见字符', 'edge-whitespace': '首尾空白', absent: '缺失' },
  },
  en: {
    title: 'Signature debugger', lead: 'Everything runs in this page (WebAssembly); nothing is sent anywhere, and keys never enter the URL, storage or any log.',
    tabDebug: 'Debugger', tabCodes: 'Error codes', tabRsa: 'RSA keys',
    inputLabel: 'Message (query string, form body, JSON, full URL, key=value lines, clpayment response)', targetLabel: 'Gateway and message', auto: 'Recognise automatically',
    keyLabel: 'MD5 key (md5Key / signKey)', moreKeys: 'More keys: CMPay RSA public key/certificate, clpayment 3DES key',
    pubLabel: 'CMPay platform public key or certificate (signType=RSA, PEM or base64)', tdesKeyLabel: '3DES key (checks encrypted card fields)',
    check: 'Check signature', share: 'Copy share link (no key)', samples: 'Sample messages (one per message, signed with a demo key)',
    codeLabel: 'Error code (both gateways: 00, 09003, IPS0008, RPM22201, C01088 …)', payurlLabel: 'payUrl token', parse: 'Parse',
    tdesText: 'Plain text or ciphertext', tdesKey: 'Key (16 or 24 bytes)', mode: 'Mode', padding: 'Padding', keyEncoding: 'Key encoding', output: 'Ciphertext encoding',
    ivEncoding: 'IV encoding', encrypt: 'Encrypt', decrypt: 'Decrypt', rsaPriv: 'Private key (PKCS#1 / PKCS#8, PEM or base64)',
    rsaPub: 'Public key or certificate (PKCS#1 / SPKI / X.509)', inspect: 'Inspect', legacy: 'MD5, SHA-1 and 3DES are legacy algorithms the gateways dictate; use them only to talk to the gateways.',
    recognised: 'Recognised as', chosen: 'Checked as', format: 'format', charset: 'charset', fields: 'Fields', name: 'Name', value: 'Value', signed: 'Signed',
    pos: 'Pos.', problems: 'Problems', source: 'Sign source', steps: 'Intermediate values', expected: 'Expected', received: 'Received',
    match: '✔ Signature matches', mismatch: '✘ Signature mismatch', 'no-key': 'Enter the key to compute the signature', 'no-signature': 'The message has no signature field',
    diagnosis: 'Diagnosis (most likely first; each reproduces the received signature)',
    diffCorrect: 'The correct sign source', diffSigned: 'What the sender signed', sameSource: 'Both sign sources are the same: the difference is in a later step',
    tried: (n, total, done) => `${n} variants tried (every single mistake and every pair from different stages: ${total})${done ? '' : '; the time budget ran out first'}`,
    stages: { selection: 'fields signed', order: 'field order', values: 'values', assembly: 'assembly', key: 'key', bytes: 'bytes', digest: 'digest', output: 'output' }, shared: 'Share link copied (the message only, never the key):', error: 'Cannot read this',
    meaning: 'Meaning', hint: 'Usual cause', retry: 'retrying may help', final: 'final: fix the request', none: 'Unknown code',
    redirect: 'Redirect URL (GET)', form: 'Auto-submitting form', items: 'Items', method: 'Method',
    format_found: 'Format', bits: 'Bits', kind: 'Kind', privateKey: 'Private key', publicKey: 'Public key', pair: 'Pair',
    pairYes: '✔ The private key and the public key/certificate belong together', pairNo: '✘ The private key and the public key/certificate do not belong together', sampleKey: 'Demo key filled in',
    marks: { space: 'space', tab: 'tab', newline: 'newline', fullwidth: 'full-width', plus: '+', percent: '%xx', nonascii: 'non-ASCII', invisible: 'invisible', 'edge-whitespace': 'edge whitespace', absent: 'absent' },
  },
};
let lang = navigator.language?.startsWith('zh') ? 'zh' : 'en';
const t = (k) => T[lang][k] ?? k;

function applyLang() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').textContent = lang === 'zh' ? 'English' : '中文';
  fillTargets();
  rerender();
  lookupCode();
}

function fillTargets() {
  const sel = $('target');
  const current = sel.value;
  sel.length = 1;
  sel.options[0].textContent = t('auto');
  for (const { spec, label } of debugTargets()) sel.add(new Option(label, spec));
  sel.value = current;
}

// ---- tabs ----
const tabs = [...document.querySelectorAll('[role=tab]')];
function selectTab(tab) {
  for (const x of tabs) {
    const on = x === tab;
    x.setAttribute('aria-selected', String(on));
    x.tabIndex = on ? 0 : -1;
    $(x.getAttribute('aria-controls')).hidden = !on;
  }
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
    if (next) { next.focus(); selectTab(next); e.preventDefault(); }
  });
}

// ---- debugger ----
const VISIBLE = { space: '␠', tab: '⇥', newline: '↵', invisible: '⍽' };
function renderTokens(tokens) {
  return tokens.map((tk) => {
    if (tk.kind === 'sep' && tk.field && !tk.text) return `<span class="boundary" title="${esc(tk.field)}"></span>`;
    const text = VISIBLE[tk.kind] ? [...tk.text].map(() => VISIBLE[tk.kind]).join('') : tk.text;
    const title = tk.field ? ` title="${esc(tk.field)}${T[lang].marks[tk.kind] ? ` · ${esc(T[lang].marks[tk.kind])}` : ''}"` : '';
    return `<span class="${esc(tk.kind)}"${title}>${esc(text)}</span>`;
  }).join('');
}

// The top explanation's diff: both sign sources, what differs marked.
function renderSegments(segs, cls) {
  return segs.map((sg) => {
    const text = VISIBLE[sg.kind] ? [...sg.text].map(() => VISIBLE[sg.kind]).join('') : sg.text;
    const span = `<span class="${esc(sg.kind)}">${esc(text)}</span>`;
    return sg.changed ? `<mark class="${cls}">${span}</mark>` : span;
  }).join('');
}
function renderDiff(d) {
  const same = !d.correct.some((s) => s.changed) && !d.signed.some((s) => s.changed);
  return `<div class="diff" id="diff"><span>${esc(t('diffCorrect'))}</span><pre class="source" id="diff-correct">${renderSegments(d.correct, 'del')}</pre>`
    + `<span>${esc(t('diffSigned'))}</span><pre class="source" id="diff-signed">${renderSegments(d.signed, 'ins')}</pre>`
    + `${same ? `<p class="muted">${esc(t('sameSource'))}</p>` : ''}</div>`;
}
function renderHint(h) {
  const stages = h.mistakes.map((m) => `<span class="badge">${esc(T[lang].stages[m.stage] ?? m.stage)}</span>`).join('');
  return `<li data-hint="${esc(h.id)}"${h.field ? ` data-field="${esc(h.field)}"` : ''}>${stages} ${esc(lang === 'zh' ? h.zh : h.en)}${h.diff ? renderDiff(h.diff) : ''}</li>`;
}

let lastReport = null;
let lastError = null;
function analyse() {
  try {
    lastReport = debugAnalyse({
      input: $('input').value, target: $('target').value || undefined, key: $('key').value || undefined,
      publicKey: $('pubkey').value || undefined, tdesKey: $('tdeskey').value || undefined,
    });
    lastError = null;
  } catch (e) {
    lastReport = null;
    lastError = e;
  }
  rerender();
}

function rerender() {
  const out = $('report');
  if (lastError) {
    out.innerHTML = `<p class="verdict error" role="alert">${esc(t('error'))}: ${esc(lastError.code ?? lastError.name)} — ${esc(lastError.message)}</p>`;
    return;
  }
  const r = lastReport;
  if (!r) { out.innerHTML = ''; return; }
  const marks = (ms) => ms.map((m) => `<span class="badge${m === 'absent' || m === 'fullwidth' || m === 'invisible' ? ' bad' : ''}">${esc(T[lang].marks[m] ?? m)}</span>`).join('');
  let html = `<p class="verdict ${esc(r.verdict)}" id="verdict" data-verdict="${esc(r.verdict)}">${esc(t(r.verdict))}</p>`;
  html += `<p><strong>${esc(r.recognised ? t('recognised') : t('chosen'))}:</strong> <span id="recognised" data-target="${esc(r.target)}">${esc(r.title)}</span> · ${esc(t('format'))} ${esc(r.format)} · ${esc(t('charset'))} ${esc(r.charset)}</p>`;
  if (r.diagnosis.length) {
    html += `<h2>${esc(t('diagnosis'))}</h2><ol class="hints" id="hints">`;
    for (const h of r.diagnosis) html += renderHint(h);
    html += '</ol>';
    if (r.search) html += `<p class="muted" id="coverage" data-tried="${r.search.tried}">${esc(T[lang].tried(r.search.tried, r.search.total, r.search.complete))}</p>`;
  }
  html += `<h2>${esc(t('source'))}</h2><pre class="source" id="source">${renderTokens(r.tokens)}</pre>`;
  if (r.steps.length || r.expected || r.received) {
    html += `<h2>${esc(t('steps'))}</h2><div class="sig">`;
    for (const s of r.steps) html += `<span>${esc(s.label)}</span><span>${esc(s.value)}</span>`;
    html += `<span>${esc(t('expected'))}</span><span id="expected">${esc(r.expected ?? '—')}</span>`;
    html += `<span>${esc(t('received'))} ${esc(r.signatureField)}</span><span id="received">${esc(r.received ?? '—')}</span></div>`;
  }
  html += `<h2>${esc(t('fields'))}</h2><div class="table-wrap"><table id="fields"><thead><tr><th>${esc(t('name'))}</th><th>${esc(t('value'))}</th><th>${esc(t('signed'))}</th><th>${esc(t('pos'))}</th><th>${esc(t('problems'))}</th></tr></thead><tbody>`;
  for (const f of r.fields) {
    html += `<tr><td>${esc(f.name)}${f.label ? `<br><small class="muted">${esc(f.label)}</small>` : ''}</td><td class="val">${esc(f.value)}</td><td>${f.signed ? '✔' : ''}</td><td>${f.position ?? ''}</td><td>${marks(f.marks)}${f.problems.map((p) => `<div>${esc(p)}</div>`).join('')}</td></tr>`;
  }
  out.innerHTML = `${html}</tbody></table></div>`;
}

$('debug-form').addEventListener('submit', (e) => { e.preventDefault(); analyse(); });
$('share').addEventListener('click', async () => {
  // The link carries the message and the chosen target only: never a key.
  const hash = new URLSearchParams({ input: $('input').value });
  if ($('target').value) hash.set('target', $('target').value);
  const url = `${location.origin}${location.pathname}#${hash}`;
  $('share-out').textContent = `${t('shared')} ${url}`;
  try { await navigator.clipboard.writeText(url); } catch { /* clipboard may be unavailable */ }
});

// Samples: one button per message.
for (const { spec, label } of debugTargets()) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'ghost';
  b.textContent = label;
  b.dataset.sample = spec;
  b.addEventListener('click', () => {
    $('input').value = debugSample(spec, DEMO_KEY, DEMO_TDES);
    $('target').value = spec;
    $('key').value = DEMO_KEY;
    analyse();
  });
  $('sample-buttons').append(b);
}

// A shared link fills in the message (and target), never a key.
if (location.hash.length > 1) {
  const h = new URLSearchParams(location.hash.slice(1));
  $('input').value = h.get('input') ?? '';
  if (h.get('target')) $('target').value = h.get('target');
}

// ---- codes ----
function lookupCode() {
  const q = $('code-q').value.trim();
  if (!q) { $('code-out').innerHTML = ''; return; }
  const found = [['clpayment', clpayCode(q)], ['CMPay', cmpayCode(q)]].filter(([, c]) => c);
  $('code-out').innerHTML = found.length ? found.map(([g, c]) => `<h2>${esc(g)} · ${esc(c.code)}</h2><p><strong>${esc(t('meaning'))}:</strong> ${esc(lang === 'zh' ? c.meaningZh : c.meaningEn)}</p><p><strong>${esc(t('hint'))}:</strong> ${esc(lang === 'zh' ? c.hintZh : c.hintEn)}</p><p>${esc(c.success ? '✔' : c.retryable ? t('retry') : t('final'))}</p>`).join('') : `<p>${esc(t('none'))}</p>`;
}
$('code-q').addEventListener('input', lookupCode);

// ---- payUrl ----
$('payurl-go').addEventListener('click', () => {
  try {
    const p = cmpayParsePayUrl($('payurl-in').value);
    $('payurl-out').innerHTML = `<p><strong>${esc(t('method'))}:</strong> ${esc(p.method)} · <strong>sessionId:</strong> ${esc(p.sessionId ?? '—')}</p><h2>${esc(t('redirect'))}</h2><pre id="payurl-redirect">${esc(p.redirectUrl)}</pre><h2>${esc(t('form'))}</h2><pre id="payurl-form">${esc(p.formHtml)}</pre><h2>${esc(t('items'))}</h2><pre>${esc(JSON.stringify(p.items, null, 2))}</pre>`;
  } catch (e) {
    $('payurl-out').innerHTML = `<p class="verdict error" role="alert">${esc(e.code)}: ${esc(e.message)}</p>`;
  }
});

// ---- 3DES ----
function tdes(fn) {
  const opts = { mode: $('tdes-mode').value, padding: $('tdes-padding').value, keyEncoding: $('tdes-keyenc').value, output: $('tdes-output').value, iv: $('tdes-iv').value || undefined, ivEncoding: $('tdes-ivenc').value };
  try { $('tdes-out').textContent = fn($('tdes-text').value, $('tdes-key').value, opts); } catch (e) { $('tdes-out').textContent = `${e.code}: ${e.message}`; }
}
$('tdes-enc').addEventListener('click', () => tdes(tdesEncrypt));
$('tdes-dec').addEventListener('click', () => tdes(tdesDecrypt));

// ---- RSA ----
$('rsa-go').addEventListener('click', () => {
  const rows = [];
  for (const [id, label] of [['rsa-priv', 'privateKey'], ['rsa-pub', 'publicKey']]) {
    const text = $(id).value.trim();
    if (!text) continue;
    try {
      const k = inspectRsaKey(text);
      rows.push(`<tr><td>${esc(t(label))}</td><td>${esc(k.format)}${k.pem ? ' (PEM)' : ' (base64)'}</td><td>${k.bits}</td></tr>`);
    } catch (e) {
      rows.push(`<tr><td>${esc(t(label))}</td><td colspan="2">${esc(e.code)}: ${esc(e.message)}</td></tr>`);
    }
  }
  let html = `<div class="table-wrap"><table><thead><tr><th>${esc(t('kind'))}</th><th>${esc(t('format_found'))}</th><th>${esc(t('bits'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  if ($('rsa-priv').value.trim() && $('rsa-pub').value.trim()) {
    try { html += `<p class="verdict ${rsaKeysMatch($('rsa-priv').value, $('rsa-pub').value) ? 'match">' + esc(t('pairYes')) : 'mismatch">' + esc(t('pairNo'))}</p>`; } catch (e) { html += `<p class="verdict error">${esc(e.code)}: ${esc(e.message)}</p>`; }
  }
  $('rsa-out').innerHTML = html;
});

$('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; applyLang(); });
applyLang();
document.body.dataset.ready = 'true';
