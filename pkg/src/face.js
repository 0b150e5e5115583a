// The hand-owned JS face over the wasm-bindgen glue. scripts/entries.mjs writes it out twice,
// as pkg/dist/face.js (ESM: browsers, bundlers, edge runtimes) and pkg/dist/face.cjs (Node's
// require), by adding one export line to this file; nothing generated is edited. Its
// declarations are pkg/types/*.d.ts, written by hand alongside it.
//
// Why it exists: a JS exception that unwinds through wasm while a Rust frame is on the stack
// skips Rust's shadow-stack restore. A few thousand such calls (a throwing getter, a revoked
// proxy, a detached or lying Uint8Array, a call on a freed object) leave the module's stack
// exhausted, and every later call on every instance traps. So every argument is read here, in
// JS, before the wasm call:
//   - strings: length checked before they are copied into wasm memory (which never shrinks),
//     and lone surrogates refused (TextEncoder would silently turn them into U+FFFD);
//   - bytes: recognised through the intrinsic %TypedArray% accessors and passed on as a fresh
//     view of the same memory, so a subclass whose `length` lies, or a detached buffer, is
//     never trusted (and the body is not copied twice);
//   - objects: snapshotted into fresh data-only objects, every property read inside try/catch;
//   - freed objects: refused here (the glue would throw from inside Rust).
// The glue then hands Rust nothing but primitives and plain data, and Rust reads them with
// calls that cannot throw. Every error thrown, made here or by the core, is a PaysignError
// with a stable `code` and, where one is to blame, the `field`.

/** What paysign throws. One class for every entry and module of the package. */
class PaysignError extends Error {
  constructor(code, message, field) {
    super(message);
    this.name = 'PaysignError';
    this.code = code;
    if (field !== undefined && field !== null) this.field = field;
  }
}

// The core's errors arrive from the glue as plain Errors carrying `code` (and `field`).
function adopt(e) {
  if (e instanceof PaysignError || e === null || typeof e !== 'object' || typeof e.code !== 'string') return e;
  return new PaysignError(e.code, e.message, e.field);
}

/** Bytes of a base64 string, with whatever the platform has. */
function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(text, 'base64'));
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Instantiates a module's wasm (bytes, or a WebAssembly.Module, possibly of another realm, as
 * edge sandboxes provide) against its bindings module `bg`, once. */
function instantiate(bg, importName, wasm) {
  const module = wasm instanceof WebAssembly.Module || !(ArrayBuffer.isView(wasm) || wasm instanceof ArrayBuffer)
    ? wasm
    : new WebAssembly.Module(wasm);
  const instance = new WebAssembly.Instance(module, { [importName]: bg });
  bg.__wbg_set_wasm(instance.exports);
  return instance.exports;
}

/** Compiles the .wasm at `url` (streaming where the server sends application/wasm). */
async function fetchModule(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`paysign: ${url} answered ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** `platform.nodeCrypto`: a function answering node:crypto, where the entry has it (Node, Bun). */
function makeFace(glue, platform = {}) {
  const MAX_LEN = glue.maxBodyLength(); // the core's limits
  const MAX_FIELDS = glue.maxFields();
  const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const getter = (name) => Object.getOwnPropertyDescriptor(TypedArray, name).get;
  const typedArrayTag = getter(Symbol.toStringTag);
  const typedArrayLength = getter('length');
  const typedArrayBuffer = getter('buffer');
  const typedArrayOffset = getter('byteOffset');
  const objectProto = Object.prototype;
  const STANDIN = Object.freeze([]); // what Rust sees for an object it cannot take: BAD_TYPE

  const fail = (code, field, message) => new PaysignError(code, message, field);
  const unreadable = (field) =>
    fail('BAD_TYPE', field, `\`${field}\` could not be read (a throwing getter, a revoked proxy or a detached buffer)`);

  // `read()`, with any exception it throws turned into BAD_TYPE naming `field`.
  function readable(field, read) {
    try {
      return read();
    } catch {
      throw unreadable(field);
    }
  }

  function wellFormed(s) {
    return typeof s.isWellFormed === 'function' ? s.isWellFormed() : !/\p{Surrogate}/u.test(s);
  }

  function checkString(s, field, isBody) {
    if (s.length > MAX_LEN) {
      throw isBody
        ? fail('BODY_TOO_LARGE', undefined, `body of ${s.length} characters is over the limit of ${MAX_LEN} bytes`)
        : fail('TOO_LONG', field, `\`${field}\` is longer than ${MAX_LEN} characters`);
    }
    if (!wellFormed(s)) {
      throw fail('BAD_ENCODING', field, `\`${field}\` holds a lone surrogate: it is not valid Unicode text`);
    }
    return s;
  }

  function isObject(v) {
    return v !== null && (typeof v === 'object' || typeof v === 'function');
  }

  // A Uint8Array (or subclass) as a plain Uint8Array over the same bytes, its real length
  // read by the intrinsic getters; undefined when `v` is not one. A detached buffer throws
  // here, in JS.
  function bytes(v, field) {
    if (typedArrayTag.call(v) !== 'Uint8Array') return undefined;
    const n = typedArrayLength.call(v);
    if (n > MAX_LEN) {
      throw fail('BODY_TOO_LARGE', undefined, `body of ${n} bytes is over the limit of ${MAX_LEN} bytes`);
    }
    return readable(field, () => new Uint8Array(typedArrayBuffer.call(v), typedArrayOffset.call(v), n));
  }

  // One property of an object, read once with any exception caught; strings checked, objects
  // replaced by the stand-in. (The try is written out: this runs for every field.)
  function take(v, name, label, isBody) {
    let x;
    try {
      x = v[name];
    } catch {
      throw unreadable(label);
    }
    if (typeof x === 'string') return checkString(x, label, isBody);
    return isObject(x) ? STANDIN : x;
  }

  function define(out, k, x) {
    Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  }

  // A parameter object as the core reads it: packed (see `pack`); anything else becomes a
  // value the core refuses as BAD_TYPE (a string too: only the face writes packed text).
  function params(v, field) {
    if (!isObject(v)) return typeof v === 'string' ? STANDIN : v;
    return pack(v, field) ?? STANDIN;
  }

  // An options object: only the named properties are read (own or inherited, as documented).
  function options(v, field, names) {
    if (typeof v === 'string') return checkString(v, field, false);
    if (!isObject(v)) return v;
    if (readable(field, () => Array.isArray(v)) || typeof v === 'function') return STANDIN;
    const out = {};
    for (const name of names) {
      const x = take(v, name, `${field}.${name}`, name === 'input');
      if (x !== undefined) define(out, name, x);
    }
    return out;
  }

  // How each argument is read: 's' a string, 'B' a raw body (string or bytes), 'p' a parameter object, an array: an options
  // object with those properties (or a string where the call also takes one).
  const read = {
    s: (v, field) => (typeof v === 'string' ? checkString(v, field, false) : isObject(v) ? STANDIN : v),
    B: (v, field) => (typeof v === 'string' ? checkString(v, field, true) : isObject(v) ? bytes(v, field) ?? STANDIN : v),
    p: (v, field) => params(v, field),
  };

  // ---- Notify verification, the hot path: one byte string crosses in, one string out ----
  // A string body is written as UTF-8 into one reusable buffer with TextEncoder.encodeInto
  // (the glue's own string copy is a loop of charCodeAt); a parameter object is packed into
  // one string (see `pack`). The result comes back packed the same way and is read with
  // `slice`, which costs less than JSON.parse of an object.
  const encoder = new TextEncoder();
  let scratch = null;
  function utf8(s) {
    if (scratch === null) scratch = new Uint8Array(3 * MAX_LEN + 16 * MAX_FIELDS + 64);
    const { read, written } = encoder.encodeInto(s, scratch);
    if (read !== s.length) {
      throw fail('BODY_TOO_LARGE', undefined, `body is over the limit of ${MAX_LEN} bytes`);
    }
    return scratch.subarray(0, written);
  }

  const badBody = () => fail('BAD_TYPE', 'body', 'field `body` must be a string, a Uint8Array or an object');

  // A plain object's fields (Object.prototype or null prototype) as packed text: each name
  // and value preceded by its length in UTF-16 code units and ':'; `undefined` for any other
  // object. Values: strings, safe integers (in decimal); null and undefined are absent;
  // anything else is BAD_TYPE naming the field. Every property is read once, in JS.
  function pack(v, field) {
    const proto = readable(field, () => Object.getPrototypeOf(v));
    if (proto !== objectProto && proto !== null) return undefined;
    const keys = readable(field, () => Object.keys(v));
    if (keys.length > MAX_FIELDS) {
      throw fail('TOO_MANY_FIELDS', field, `${keys.length} fields is over the limit of ${MAX_FIELDS} fields`);
    }
    let out = '';
    let total = 0;
    for (const k of keys) {
      const x = take(v, k, k, false);
      if (x === undefined || x === null) continue;
      let text;
      if (typeof x === 'string') text = x;
      else if (typeof x === 'number' && Number.isSafeInteger(x)) text = String(x);
      else throw fail('BAD_TYPE', k, `field \`${k}\` must be a string or a safe integer`);
      checkString(k, field, false);
      total += k.length + text.length;
      if (total > MAX_LEN) {
        throw fail('BODY_TOO_LARGE', undefined, `\`${field}\` is over the limit of ${MAX_LEN} characters in all`);
      }
      out += `${k.length}:${k}${text.length}:${text}`;
    }
    return out;
  }

  // A notify's body as [bytes, packed]: a string or bytes as they are, an object packed.
  function notifyBody(v) {
    if (typeof v === 'string') return [utf8(checkString(v, 'body', true)), false];
    if (!isObject(v)) throw badBody();
    const b = bytes(v, 'body');
    if (b !== undefined) return [b, false];
    const packed = pack(v, 'body');
    if (packed === undefined) throw badBody();
    return [utf8(packed), true];
  }

  function optString(v, field) {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return checkString(v, field, false);
    throw fail('BAD_TYPE', field, `field \`${field}\` must be a string`);
  }

  // The packed strings of a result: `<length>:<text>`, or `<n>#` for the n-th field name of
  // the schemas (the same JS string every time, which makes building the fields object cheap).
  let FIELD_NAMES = null; // read on the first result, not at import
  function unpack(s) {
    FIELD_NAMES ??= glue.fieldNames().split('\n');
    const out = [];
    const n = s.length;
    let i = 0;
    while (i < n) {
      let len = 0;
      let c;
      while ((c = s.charCodeAt(i++)) >= 48 && c <= 57) len = len * 10 + c - 48;
      if (c === 35) {
        out.push(FIELD_NAMES[len]);
        continue;
      }
      out.push(s.slice(i, i + len));
      i += len;
    }
    return out;
  }

  function fieldsOf(parts, from) {
    const f = {};
    for (let j = from; j + 1 < parts.length; j += 2) {
      const k = parts[j];
      if (k === '__proto__') define(f, k, parts[j + 1]);
      else f[k] = parts[j + 1];
    }
    return f;
  }

  const json = (s) => (s === '' ? null : JSON.parse(s));

  // CMPay's amtItem from its six amounts.
  function amounts(s) {
    if (s === '') return null;
    const [cny, cmy, red, vch, potChg, total] = s.split(',').map(Number);
    return { cny, cmy, red, vch, potChg, total };
  }

  // A CMPay return code's info, read from the core once per code (a fresh copy each time).
  const codeInfos = new Map();
  function codeInfo(code) {
    let c = codeInfos.get(code);
    if (c === undefined) {
      c = glue.cmpayCode(code);
      codeInfos.set(code, c);
    }
    return { ...c };
  }

  // Clpay: `kind`, or `{ kind?, contentType? }`.
  function clpayKind(v) {
    if (isObject(v) && !readable('kind', () => Array.isArray(v)) && typeof v !== 'function') {
      return [optString(take(v, 'kind', 'options.kind', false), 'options.kind'),
        optString(take(v, 'contentType', 'options.contentType', false), 'options.contentType')];
    }
    return [optString(v, 'kind'), undefined];
  }

  // Cmpay: `{ charset?, message?, contentType? }`.
  function cmpayOptions(v) {
    if (v === undefined || v === null) return [undefined, undefined, undefined];
    if (!isObject(v)) throw fail('BAD_TYPE', 'options', 'field `options` must be an object');
    return VERIFY_OPTIONS.map((name) => optString(take(v, name, `options.${name}`, false), `options.${name}`));
  }

  // ---- RSA-SHA1 on the platform (CMPay signType=RSA) ----
  // The core parses the keys in every format and checks everything; only the RSA operation
  // itself runs on the platform, on the keys exported as DER: node:crypto synchronously where
  // the entry has it, else WebCrypto for the async methods (`signAsync`, `verifyNotifyAsync`,
  // …). WebCrypto cannot answer synchronously, so an async call runs the core twice: first
  // recording the RSA operations it asks for (answered provisionally), then, once WebCrypto has
  // answered them, replaying with the real answers. The sync methods there keep the wasm RSA
  // (blinded). `keys.rsa: 'wasm'` keeps the wasm RSA everywhere.
  let nodeCryptoModule = null;
  const nodeCrypto = () => (nodeCryptoModule ??= platform.nodeCrypto?.());
  const webCrypto = () => globalThis.crypto?.subtle;
  const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' };
  const rsaStates = new WeakMap();

  function rsaMode(keys) {
    if (!isObject(keys)) return 'platform';
    const m = take(keys, 'rsa', 'keys.rsa', false);
    if (m === undefined || m === 'platform' || m === 'wasm') return m ?? 'platform';
    throw fail('BAD_OPTION', 'rsa', 'option `rsa` must be one of platform, wasm');
  }

  // Sets up the platform RSA of a new Cmpay; returns the async state (WebCrypto) or null.
  function attachRsa(i, keys) {
    if (typeof i.rsaDer !== 'function' || rsaMode(keys) === 'wasm') return null;
    const [priv, pub] = i.rsaDer();
    if (priv === undefined && pub === undefined) return null;
    const node = nodeCrypto();
    if (node) {
      try {
        const p = priv && node.createPrivateKey({ key: priv, format: 'der', type: 'pkcs8' });
        const q = pub && node.createPublicKey({ key: pub, format: 'der', type: 'spki' });
        i.setEngine((op, data, sig) => (op === 'sign' ? node.sign('sha1', data, p) : node.verify('sha1', data, q, sig)));
      } catch {
        // A key OpenSSL refuses stays with the wasm RSA.
      }
      return null;
    }
    const subtle = webCrypto();
    if (!subtle) return null;
    const load = (format, der, use) => {
      if (der === undefined) return undefined;
      const key = subtle.importKey(format, der, RSA_ALG, false, [use]);
      key.catch(() => {}); // a refused key is reported when used (and falls back to wasm)
      return key;
    };
    const bits = (x) => (x ? x.bits : 0);
    const info = i.keyInfo;
    return { subtle, priv: load('pkcs8', priv, 'sign'), pub: load('spki', pub, 'verify'), bytes: Math.max(bits(info.privateKey), bits(info.serverCert)) / 8 };
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
    return true;
  }

  // Runs `call` (a sync method) with WebCrypto's answers to the RSA operations it asks for.
  async function withPlatformRsa(i, state, call) {
    if (state === null) return call();
    const asked = [];
    let replay = null;
    const engine = (op, data, sig) => {
      if (replay !== null) {
        const r = replay.shift();
        if (r === undefined || r.op !== op || !sameBytes(r.data, data)) throw new Error('replay');
        return r.answer;
      }
      asked.push({ op, data: data.slice(), sig: sig && sig.slice() });
      return op === 'sign' ? new Uint8Array(state.bytes) : true;
    };
    const once = () => {
      i.setEngine(engine);
      try {
        return call();
      } finally {
        i.setEngine(undefined);
      }
    };
    const first = once();
    if (asked.length === 0) return first;
    let answers;
    try {
      answers = [];
      for (const a of asked) {
        const answer = a.op === 'sign'
          ? new Uint8Array(await state.subtle.sign(RSA_ALG, await state.priv, a.data))
          : await state.subtle.verify(RSA_ALG, await state.pub, a.sig, a.data);
        answers.push({ ...a, answer });
      }
    } catch {
      return call(); // WebCrypto refused the key: the wasm RSA answers
    }
    replay = answers;
    return once();
  }

  const notifies = {
    Clpay: {
      verifyNotify(i, body, kind) {
        const [b, packed] = notifyBody(body);
        const p = unpack(i.notify(b, packed, ...clpayKind(kind)));
        return { interface: p[0], valid: p[1] === '1', reason: json(p[2]), fields: fieldsOf(p, 4), ack: p[3] };
      },
      isValidNotify(i, body, kind) {
        const [b, packed] = notifyBody(body);
        return i.notifyValid(b, packed, ...clpayKind(kind)) === 1;
      },
      // The gateway's side (a sandbox): a request as the platform receives it.
      verifyRequest(i, interfaceId, body, options) {
        const id = read.s(interfaceId, 'interfaceId');
        const [, contentType] = clpayKind(options ?? {});
        const p = unpack(i.request(rawBody(body), id, contentType));
        return { interface: p[0], valid: p[1] === '1', reason: json(p[2]), code: p[3], fields: fieldsOf(p, 4) };
      },
    },
    Cmpay: {
      verifyNotify(i, body, options) {
        const [b, packed] = notifyBody(body);
        const p = unpack(i.notify(b, packed, ...cmpayOptions(options)));
        const out = {
          message: p[0], valid: p[1] === '1', reason: json(p[2]), fields: fieldsOf(p, 8), charset: p[3],
          amtItem: amounts(p[4]), payUrl: json(p[5]), ack: p[6] === '' ? null : p[6],
        };
        if (p[7] !== '') out.codeInfo = codeInfo(p[7]);
        return out;
      },
      isValidNotify(i, body, options) {
        const [b, packed] = notifyBody(body);
        return i.notifyValid(b, packed, ...cmpayOptions(options)) === 1;
      },
      // The gateway's side (a sandbox): a request as the gateway receives it.
      verifyRequest(i, body, options) {
        const p = unpack(i.request(rawBody(body), ...cmpayOptions(options)));
        return { message: p[0], valid: p[1] === '1', reason: json(p[2]), charset: p[3], code: p[4], fields: fieldsOf(p, 5) };
      },
    },
  };
  // A raw body only (a string or bytes): what a gateway receives.
  function rawBody(v) {
    const [b, packed] = notifyBody(v);
    if (packed) throw fail('BAD_TYPE', 'body', 'field `body` must be a string or a Uint8Array');
    return b;
  }
  notifies.Cmpay.verifyResponse = notifies.Cmpay.verifyNotify;

  function prepare(args, spec) {
    const out = new Array(spec.length);
    for (let i = 0; i < spec.length; i++) {
      const [field, how] = spec[i];
      out[i] = Array.isArray(how) ? options(args[i], field, how) : read[how](args[i], field);
    }
    return out;
  }

  const VERIFY_OPTIONS = ['charset', 'message', 'contentType'];
  const TDES_OPTIONS = ['mode', 'iv', 'ivEncoding', 'padding', 'keyEncoding', 'output'];
  const PART = [['part', 's']];

  const functions = {
    nonce: [],
    maxBodyLength: [],
    clpaySignSource: [['interfaceId', 's'], ['params', 'p'], ...PART],
    clpayNotifyAck: [['kind', 's']],
    clpayInterfaces: [],
    clpayInterface: [['interfaceId', 's']],
    clpayCode: [['code', 's']],
    clpayCodes: [],
    clpayBank: [['query', 's']],
    clpayBanks: [],
    tdesEncrypt: [['plaintext', 's'], ['key', 's'], ['options', TDES_OPTIONS]],
    tdesDecrypt: [['ciphertext', 's'], ['key', 's'], ['options', TDES_OPTIONS]],
    cmpaySignSource: [['params', 'p'], ['messageId', 's']],
    cmpayRecognise: [['params', 'p']],
    cmpayParsePayUrl: [['payUrl', 's']],
    cmpayParseAmtItem: [['amtItem', 's'], ['amount', 's']],
    cmpayNotifyAck: [],
    cmpayMessages: [],
    cmpayCode: [['code', 's']],
    cmpayCodes: [],
    cmpayBank: [['query', 's']],
    cmpayBanks: [],
    inspectRsaKey: [['key', 's']],
    rsaKeysMatch: [['privateKey', 's'], ['publicKey', 's']],
    debugAnalyse: [['request', ['input', 'target', 'key', 'publicKey', 'tdesKey', 'budgetMs']]],
    debugTargets: [],
    debugSample: [['target', 's'], ['key', 's'], ['tdesKey', 's']],
  };

  const classes = {
    Clpay: {
      ctor: [['key', 's']],
      methods: {
        sign: [['interfaceId', 's'], ['params', 'p'], ...PART],
        verify: [['interfaceId', 's'], ['params', 'p'], ...PART],
        signRequest: [['interfaceId', 's'], ['params', 'p']],
        verifyResponse: [['interfaceId', 's'], ['body', 'B']],
      },
      getters: [],
    },
    Cmpay: {
      ctor: [['keys', ['signKey', 'privateKey', 'serverCert']]],
      methods: {
        sign: [['params', 'p'], ['messageId', 's']],
        signTrace: [['params', 'p'], ['messageId', 's']],
        verify: [['params', 'p'], ['messageId', 's']],
        buildRequest: [['params', 'p'], ['options', ['message', 'signatureEncoding']]],
        buildMessage: [['params', 'p'], ['options', ['message', 'charset', 'signatureEncoding']]],
      },
      getters: ['keyInfo'],
    },
  };

  // Calls the glue with the arguments read; the core's errors become PaysignErrors.
  function call(f, self, args, spec) {
    const prepared = prepare(args, spec);
    try {
      return self === NEW ? new f(...prepared) : f.apply(self, prepared);
    } catch (e) {
      throw adopt(e);
    }
  }
  const NEW = {}; // `call`'s `self` for a constructor call

  // Only what this module's glue has: the lean module has no RSA key tools and no debugger.
  const face = { PaysignError };
  for (const [name, spec] of Object.entries(functions)) {
    const f = glue[name];
    if (typeof f !== 'function') continue;
    face[name] = { [name](...args) { return call(f, undefined, args, spec); } }[name];
  }

  const inners = new WeakMap();
  for (const [name, { ctor, methods, getters }] of Object.entries(classes)) {
    const Glue = glue[name];
    if (typeof Glue !== 'function') continue;
    const inner = (self) => {
      const i = isObject(self) ? inners.get(self) : undefined;
      if (i === undefined) throw fail('BAD_TYPE', 'this', `called on something that is not a ${name}`);
      if (i === null) throw fail('FREED', undefined, `this ${name} was freed`);
      return i;
    };
    const C = {
      [name]: class {
        constructor(...args) {
          const i = call(Glue, NEW, args, ctor);
          inners.set(this, i);
          if (name === 'Cmpay') rsaStates.set(this, attachRsa(i, args[0]));
        }
        /** Frees the wasm memory now instead of at garbage collection; later calls throw FREED. */
        free() {
          const i = isObject(this) ? inners.get(this) : undefined;
          if (i) {
            inners.set(this, null);
            i.free();
          }
        }
      },
    }[name];
    for (const [m, spec] of Object.entries(methods)) {
      const f = Glue.prototype[m];
      Object.defineProperty(C.prototype, m, {
        value: { [m](...args) { return call(f, inner(this), args, spec); } }[m],
        writable: true,
        configurable: true,
      });
    }
    for (const [m, f] of Object.entries(notifies[name])) {
      Object.defineProperty(C.prototype, m, {
        value: { [m](...args) {
          const i = inner(this);
          try {
            return f(i, ...args);
          } catch (e) {
            throw adopt(e);
          }
        } }[m],
        writable: true,
        configurable: true,
      });
    }
    // The predicate answers false for anything that is not a valid notify (junk, an empty
    // body, the other gateway's message, missing fields, wrong options, a freed object); it
    // never throws. The core's isValidNotify skips building the result object.
    const isValid = C.prototype.isValidNotify;
    Object.defineProperty(C.prototype, 'isValidNotify', {
      value: function isValidNotify(...args) {
        try {
          return isValid.apply(this, args) === true;
        } catch {
          return false;
        }
      },
      writable: true,
      configurable: true,
    });
    // The async forms: the same answers; on WebCrypto runtimes, RSA runs there (see
    // withPlatformRsa). isValidNotifyAsync resolves false where isValidNotify answers false.
    if (name === 'Cmpay') {
      for (const m of ['sign', 'signTrace', 'verify', 'buildRequest', 'verifyNotify', 'isValidNotify', 'verifyResponse']) {
        const sync = C.prototype[m];
        Object.defineProperty(C.prototype, `${m}Async`, {
          value: { async [`${m}Async`](...args) {
            if (m === 'isValidNotify' && !(isObject(this) && inners.get(this))) return false;
            const i = inner(this);
            return withPlatformRsa(i, rsaStates.get(this) ?? null, () => sync.apply(this, args));
          } }[`${m}Async`],
          writable: true,
          configurable: true,
        });
      }
    }
    for (const g of getters) {
      Object.defineProperty(C.prototype, g, { get() { return inner(this)[g]; }, configurable: true });
    }
    if (typeof Symbol.dispose === 'symbol') {
      Object.defineProperty(C.prototype, Symbol.dispose, { value: C.prototype.free, writable: true, configurable: true });
    }
    face[name] = C;
  }
  return Object.freeze(face);
}
