#!/usr/bin/env node
// The `paysign` command: sign, verify, diagnose, serve, sandbox. Arguments are read with
// node:util's parseArgs. Keys come from an environment variable or a file, never from the
// command line (where shell history and `ps` would keep them); nothing printed quotes a key.
import { parseArgs, styleText } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, INPUT: 3 };

const HELP = {
  main: `paysign: sign, verify and debug CMPay (和包) 2.0.0 and clpayment V2.2 messages

usage: paysign <command> [options]

commands:
  sign       sign a parameter set (JSON, a form body or key=value lines)
  verify     verify a raw notify or response body
  diagnose   the signature debugger's report in the terminal: why a signature does not match
  serve      serve the signature debugger page
  sandbox    run a local gateway for both gateways (cashier, notifies, log)

paysign <command> --help   for a command's options
exit codes: 0 ok / valid, 1 not valid (verify) or not matching (diagnose), 2 usage error,
            3 the input or a key cannot be used (not a message, a malformed key, no such file)`,
  sign: `usage: paysign sign clpay <interfaceId> [FILE] [options]
       paysign sign cmpay [FILE] [options]

Signs the parameters read from FILE (or standard input): a JSON object, a form body
(a=1&b=2, UTF-8) or key=value lines. Requests are validated first and come with their form
body (--json); responses and notifies are signed as the gateway signs them.

options:
  --part request|response   clpayment: which table of the interface (default request)
  --message ID              CMPay: the message (default: recognised from type; requests)
  --key-env NAME            the environment variable holding the key
                            (default PAYSIGN_CLPAY_KEY / PAYSIGN_CMPAY_KEY)
  --key-file PATH           read the key from a file instead
  --private-key-file PATH   CMPay signType=RSA: the merchant's private key (PEM or base64)
  --json                    print {sign, signSource, body, …} as JSON
  -h, --help`,
  verify: `usage: paysign verify clpay|cmpay [FILE] [options]

Verifies the raw body read from FILE (or standard input), byte for byte as received: a notify
(default) or, with --response, a response. Prints VALID or INVALID and why; exit 0 if valid,
1 if not, 3 if the body is not a message at all.

options:
  --kind tradeNotify|payoutNotify   clpayment: force the notify
  --response INTERFACE_ID           clpayment: verify a JSON response of this interface
  --message ID                      CMPay: force the message
  --content-type TYPE               the Content-Type the body came with
  --charset UTF-8|GBK               CMPay: the body's charset (default: detected)
  --key-env NAME / --key-file PATH  the key (default env PAYSIGN_CLPAY_KEY / PAYSIGN_CMPAY_KEY)
  --server-cert-file PATH           CMPay signType=RSA: the platform's certificate or public key
  --json                            print the whole result as JSON
  -h, --help`,
  diagnose: `usage: paysign diagnose [FILE] [options]

The signature debugger in the terminal: reads a message (query string, form body in UTF-8 or
GBK escapes, JSON, a URL, key=value lines) from FILE or standard input, recognises the gateway
and message, and explains a mismatch: the smallest mistakes that reproduce the received
signature, with the correct sign source beside the one the sender signed. Exit 0 when the
signature matches, 1 otherwise.

options:
  --target SPEC            force the message (paysign diagnose --targets lists them)
  --targets                list the message specs and exit
  --key-env NAME           the key's environment variable (default PAYSIGN_CLPAY_KEY or
                           PAYSIGN_CMPAY_KEY, by the gateway recognised)
  --key-file PATH          read the key from a file instead
  --public-key-file PATH   CMPay RSA: the sender's public key or certificate
  --tdes-key-env NAME      clpayment: the 3DES key's environment variable
  --budget-ms N            the search's time budget (default 2000)
  --lang en|zh             the language of the explanations (default en)
  --color / --no-color     colour (default: when standard output is a terminal, NO_COLOR unset)
  --json                   print the debugger's whole report as JSON
  -h, --help`,
  serve: `usage: paysign serve [options]

Serves the signature debugger page (static files; the page makes no other request).

options:
  --port N      default 8080 (0: any free port)
  --host ADDR   default 127.0.0.1
  --json        print {"url": …} once listening
  -h, --help`,
  sandbox: `usage: paysign sandbox [options]

A local gateway for both gateways, on paysign's core:
  CMPay      POST /ips/cmpayService (DirectPayConfirm, DirectPay, WAPDirectPayConfirm, OrderQuery)
  clpayment  the manual's paths: /ebank/pay.do (browser form), /ebank/queryOrder.do,
             /payment/payment.do, /payment/queryState.do, /payment/merBalance.do
  cashier    /cashier?sessionId=…   (payUrl and the e-bank redirect point here)
  log        /_sandbox/             requests, verdicts, notifies, acknowledgements, replay
Notifies are retried until the exact acknowledgement comes back: CMPay after 1, 5, 10, 60, 120,
360 and 900 minutes; clpayment after 1, 5 and 10 minutes.

options:
  --port N                 default 8090 (0: any free port)
  --host ADDR              default 127.0.0.1
  --state DIR              the folder of the state file (default .paysign-sandbox)
  --clock N                run the retry schedule N times faster (e.g. 60: a minute is a second)
  --cmpay-key-file PATH    the CMPay signKey (or env PAYSIGN_CMPAY_KEY)
  --clpay-key-file PATH    the clpayment md5Key (or env PAYSIGN_CLPAY_KEY)
  --clpay-payout-url URL   where payout notifies go (the platform's merchant setting)
  --json                   print {"url", "keys"?} as one JSON line once listening
  -h, --help
Keys not given are generated once, printed once and kept in the state folder.`,
};

class Usage extends Error {}

function color(enabled) {
  return (style, text) => (enabled ? styleText(style, text) : text);
}

async function readInput(file) {
  if (file && file !== '-') return readFileSync(file);
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks);
}

function readKey(values, envDefault, { required = true } = {}) {
  if (values['key-file']) return readFileSync(values['key-file'], 'utf8').replace(/\r?\n$/, '');
  const name = values['key-env'] ?? envDefault;
  const key = process.env[name];
  if (key === undefined || key === '') {
    if (!required) return undefined;
    throw new Usage(`no key: set ${name} (or give --key-env NAME or --key-file PATH)`);
  }
  return key;
}

/** A parameter set from text: a JSON object, key=value lines, or a form body (UTF-8). */
function readParams(text) {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t);
  if (t.includes('\n') && !t.includes('&')) {
    const out = {};
    for (const line of t.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const i = line.indexOf('=');
      if (i < 0) throw new Usage(`not a key=value line: ${line.slice(0, 40)}`);
      out[line.slice(0, i).trim()] = line.slice(i + 1);
    }
    return out;
  }
  return Object.fromEntries(new URLSearchParams(t));
}

async function lib(module = 'rsa') {
  return import(`../dist/${module}.node.js`);
}

function print(values, json, text) {
  process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}

const commands = {
  async sign(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        part: { type: 'string' }, message: { type: 'string' }, 'key-env': { type: 'string' }, 'key-file': { type: 'string' },
        'private-key-file': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return print({}, null, HELP.sign), EXIT.OK;
    const [gateway, ...rest] = positionals;
    const { Clpay, Cmpay } = await lib();
    if (gateway === 'clpay') {
      const [interfaceId, file] = rest;
      if (!interfaceId) throw new Usage('paysign sign clpay <interfaceId> [FILE]');
      const params = readParams((await readInput(file)).toString('utf8'));
      const clpay = new Clpay(readKey(values, 'PAYSIGN_CLPAY_KEY'));
      const part = values.part ?? 'request';
      const iface = (await lib()).clpayInterface(interfaceId);
      if (part === 'request' && !iface.notify) {
        const r = clpay.signRequest(interfaceId, params);
        print(values, r, r.sign);
      } else {
        const { sign: _old, ...fields } = params;
        const sign = clpay.sign(interfaceId, fields, part);
        print(values, { interface: interfaceId, part, signSource: (await lib()).clpaySignSource(interfaceId, fields, part), sign, params: { ...fields, sign } }, sign);
      }
      return EXIT.OK;
    }
    if (gateway === 'cmpay') {
      const [file] = rest;
      const params = readParams((await readInput(file)).toString('utf8'));
      const keys = { signKey: readKey(values, 'PAYSIGN_CMPAY_KEY', { required: !values['private-key-file'] }) };
      if (values['private-key-file']) keys.privateKey = readFileSync(values['private-key-file'], 'utf8');
      const cmpay = new Cmpay(keys);
      const { cmpayRecognise } = await lib();
      const message = values.message ?? cmpayRecognise(params);
      const r = message.endsWith('Request')
        ? cmpay.buildRequest(params, { message })
        : cmpay.buildMessage(params, { message });
      print(values, r, r.hmac);
      return EXIT.OK;
    }
    throw new Usage('paysign sign clpay|cmpay …');
  },

  async verify(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        kind: { type: 'string' }, response: { type: 'string' }, message: { type: 'string' }, 'content-type': { type: 'string' },
        charset: { type: 'string' }, 'key-env': { type: 'string' }, 'key-file': { type: 'string' }, 'server-cert-file': { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return print({}, null, HELP.verify), EXIT.OK;
    const [gateway, file] = positionals;
    if (gateway !== 'clpay' && gateway !== 'cmpay') throw new Usage('paysign verify clpay|cmpay [FILE]');
    const { Clpay, Cmpay } = await lib();
    const body = new Uint8Array(await readInput(file));
    let r;
    if (gateway === 'clpay') {
      const clpay = new Clpay(readKey(values, 'PAYSIGN_CLPAY_KEY'));
      r = values.response
        ? clpay.verifyResponse(values.response, body)
        : clpay.verifyNotify(body, { kind: values.kind, contentType: values['content-type'] });
    } else {
      const keys = { signKey: readKey(values, 'PAYSIGN_CMPAY_KEY', { required: !values['server-cert-file'] }) };
      if (values['server-cert-file']) keys.serverCert = readFileSync(values['server-cert-file'], 'utf8');
      r = new Cmpay(keys).verifyNotify(body, { message: values.message, charset: values.charset, contentType: values['content-type'] });
    }
    const what = r.interface ?? r.message ?? values.response;
    const text = r.valid
      ? `VALID ${what}${r.ack ? `\nacknowledge with: ${r.ack}` : ''}`
      : `INVALID ${what}: ${r.reason?.code ?? 'not signed'}${r.reason?.field ? ` (${r.reason.field})` : ''}${r.reason?.message ? ` ${r.reason.message}` : ''}`;
    print(values, r, text);
    return r.valid ? EXIT.OK : EXIT.INVALID;
  },

  async diagnose(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: {
        target: { type: 'string' }, targets: { type: 'boolean' }, 'key-env': { type: 'string' }, 'key-file': { type: 'string' },
        'public-key-file': { type: 'string' }, 'tdes-key-env': { type: 'string' }, 'budget-ms': { type: 'string' },
        lang: { type: 'string' }, color: { type: 'boolean' }, 'no-color': { type: 'boolean' }, json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return print({}, null, HELP.diagnose), EXIT.OK;
    const { debugAnalyse, debugTargets } = await lib('debug');
    if (values.targets) {
      const t = debugTargets();
      print(values, t, t.map((x) => `${x.spec.padEnd(34)} ${x.label}`).join('\n'));
      return EXIT.OK;
    }
    const input = (await readInput(positionals[0])).toString('utf8');
    // The key's variable follows the gateway, which a keyless first look recognises.
    let key = readKey(values, '', { required: false });
    if (key === undefined && !values['key-env']) {
      const first = debugAnalyse({ input, target: values.target, key: '', budgetMs: 1 });
      key = process.env[first.gateway === 'cmpay' ? 'PAYSIGN_CMPAY_KEY' : 'PAYSIGN_CLPAY_KEY'];
    }
    if (key === undefined && !values['public-key-file']) throw new Usage('no key: set PAYSIGN_CLPAY_KEY / PAYSIGN_CMPAY_KEY, or give --key-env NAME or --key-file PATH');
    const budget = Number(values['budget-ms'] ?? 2000);
    if (!(budget > 0)) throw new Usage('--budget-ms must be a positive number');
    const request = { input, target: values.target, key: key ?? '', budgetMs: budget };
    if (values['public-key-file']) request.publicKey = readFileSync(values['public-key-file'], 'utf8');
    if (values['tdes-key-env']) request.tdesKey = process.env[values['tdes-key-env']] ?? '';
    const r = debugAnalyse(request);
    const useColor = values['no-color'] ? false : values.color ?? (process.stdout.isTTY && !process.env.NO_COLOR);
    print(values, r, report(r, color(useColor), values.lang === 'zh' ? 'zh' : 'en'));
    return r.verdict === 'match' ? EXIT.OK : EXIT.INVALID;
  },

  async serve(args) {
    const { values } = parseArgs({
      args, options: { port: { type: 'string' }, host: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) return print({}, null, HELP.serve), EXIT.OK;
    const { serveStatic } = await import('./static.mjs');
    const here = (p) => fileURLToPath(new URL(p, import.meta.url));
    // The page's own files, and the package's dist/ as its pkg/ (the debug module's web build).
    const server = await serveStatic(here('../www/'), Number(values.port ?? 8080), values.host ?? '127.0.0.1', { '/pkg/': here('../dist/') });
    const url = `http://${values.host ?? '127.0.0.1'}:${server.address().port}/`;
    print(values, { url }, `paysign debugger: ${url}  (Ctrl-C to stop)`);
    return new Promise(() => {});
  },

  async sandbox(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, state: { type: 'string' }, clock: { type: 'string' },
        'cmpay-key-file': { type: 'string' }, 'clpay-key-file': { type: 'string' }, 'clpay-payout-url': { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return print({}, null, HELP.sandbox), EXIT.OK;
    const clock = Number(values.clock ?? 1);
    if (!(clock >= 1)) throw new Usage('--clock must be a number ≥ 1');
    const { startSandbox } = await import('./sandbox.mjs');
    const quiet = values.json;
    const sb = await startSandbox({
      port: Number(values.port ?? 8090), host: values.host, state: values.state, clock,
      cmpayKeyFile: values['cmpay-key-file'], clpayKeyFile: values['clpay-key-file'], clpayPayoutUrl: values['clpay-payout-url'],
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const generated = Object.fromEntries(sb.generated.map((g) => [g, sb.keys[g]]));
    if (quiet) process.stdout.write(`${JSON.stringify({ url: sb.url, generatedKeys: generated })}\n`);
    else {
      const lines = [
        `paysign sandbox: ${sb.url}  (Ctrl-C to stop; state in ${values.state ?? '.paysign-sandbox'})`,
        `  CMPay      ${sb.url}/ips/cmpayService`,
        `  clpayment  ${sb.url}/ebank/pay.do, /ebank/queryOrder.do, /payment/payment.do, …`,
        `  log        ${sb.url}/_sandbox/`,
      ];
      if (clock > 1) lines.push(`  clock      ×${clock}: notify retries wait ${clock} times less`);
      for (const [g, k] of Object.entries(generated)) {
        lines.push(`  test key generated for ${g} (printed this once; kept in the state folder): ${k}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    const stop = async () => {
      await sb.close();
      process.exit(EXIT.OK);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return new Promise(() => {});
  },
};

/** The debugger's report as terminal text. */
export function report(r, c, lang) {
  const out = [];
  const visible = (s) => s.replace(/[\u0000-\u001f\u007f\u00a0\u3000\u200b-\u200f\ufeff]/g, (ch) => c('inverse', `<U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}>`));
  out.push(c('bold', `${r.title ?? r.target ?? 'unrecognised'}${r.recognised ? '' : ' (forced or guessed)'}`) + c('dim', `  ${r.format ?? ''} ${r.charset ?? ''}`));
  if (r.fields?.length) {
    out.push('');
    for (const f of r.fields) {
      const pos = f.signed ? c('cyan', String(f.position).padStart(3)) : c('dim', '  -');
      const problems = f.problems?.length ? c('yellow', `  ⚠ ${f.problems.map((p) => p.message ?? p.code ?? p).join('; ')}`) : '';
      out.push(`${pos} ${f.name.padEnd(18)} ${visible(String(f.value ?? ''))}${problems}`);
    }
  }
  if (r.tokens?.length) {
    out.push('', c('dim', 'sign source:'));
    out.push(r.tokens.map((t) => (t.kind === 'sep' ? c('dim', t.text) : t.kind === 'key' ? c('magenta', t.text) : visible(t.text))).join(''));
  }
  for (const s of r.steps ?? []) out.push(`${c('dim', `${s.label}:`)} ${s.value}`);
  if (r.expected !== undefined && r.expected !== null) out.push(`${c('dim', 'expected:')} ${r.expected}`);
  if (r.received !== undefined && r.received !== null) out.push(`${c('dim', 'received:')} ${r.received}`);
  const verdictStyle = r.verdict === 'match' ? 'green' : 'red';
  out.push('', c(['bold', verdictStyle], `verdict: ${r.verdict}`));
  const diag = r.diagnosis ?? [];
  diag.forEach((d, i) => {
    out.push(`${c('bold', `${i + 1}.`)} ${d[lang] ?? d.en}`);
    if (d.mistakes?.length > 1) for (const m of d.mistakes) out.push(`   - ${c('dim', `[${m.stage}]`)} ${m[lang] ?? m.en}`);
    if (d.diff) {
      const line = (tokens, style) => tokens.map((t) => (t.changed ? c(style, visible(t.text)) : t.kind === 'sep' ? c('dim', t.text) : visible(t.text))).join('');
      out.push(`   ${c('green', 'correct:')} ${line(d.diff.correct, ['green', 'underline'])}`);
      out.push(`   ${c('red', 'signed: ')} ${line(d.diff.signed, ['red', 'underline'])}`);
    }
  });
  if (r.search) out.push(c('dim', `search: ${r.search.tried} of ${r.search.total} variants${r.search.complete ? '' : ' (budget reached)'}`));
  return out.join('\n');
}

export async function main(argv) {
  const [command, ...args] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return command ? EXIT.OK : EXIT.USAGE;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.OK;
  }
  const run = commands[command];
  try {
    if (!run) throw new Usage(`unknown command: ${command}`);
    return await run(args);
  } catch (e) {
    if (e instanceof Usage || e?.code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`paysign ${command}: ${e.message}\n(paysign ${run ? `${command} ` : ''}--help)\n`);
      return EXIT.USAGE;
    }
    if (e?.name === 'PaysignError' || e?.code === 'ENOENT' || e?.code === 'EACCES' || e instanceof SyntaxError || e?.code === 'EADDRINUSE') {
      // PaysignErrors name a field, never a value (so never a key).
      process.stderr.write(`paysign ${command}: ${e.code ?? e.name}${e.field ? ` (${e.field})` : ''}: ${e.message}\n`);
      return EXIT.INPUT;
    }
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import('node:fs')).realpathSync(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
