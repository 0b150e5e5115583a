// Notify handlers for the frameworks merchants use (`paysign/notify`). scripts/entries.mjs
// writes this file out as ESM (dist/notify.js) and CommonJS (dist/notify.cjs); it imports
// nothing: the merchant hands it a Clpay or Cmpay from any paysign module.
//
// Every handler does the same four things, and differs only in how its framework gives the
// body and takes the answer:
//   1. reads the raw bytes the gateway signed, never a body a parser decoded and re-encoded
//      (a parser that ran first is reported with a 500 naming it, so the gateway retries once
//      the route is fixed, instead of a 400 that hides the cause as a bad signature);
//   2. verifies them (`verifyNotify`: signature and schema), answering 400 with the error's
//      code when they are not a valid notify;
//   3. calls the merchant's `onNotify(notify, { key })` once, with an idempotency key that is
//      the same for every delivery of the same notify (the gateway resends until it gets the
//      acknowledgement, and the sandbox's replay sends it again on purpose);
//   4. answers the exact acknowledgement (`SUCCESS`, `{"code":"00"}`, `success`) only after
//      `onNotify` resolved; if it throws, 500, so that the gateway retries.

const MAX_BODY = 64 * 1024;
const TEXT = 'text/plain; charset=utf-8';

/**
 * The idempotency key of a verified notify: the same for every delivery of one notify. CMPay's
 * PageNotify and OfflineNotify of one payment share it (either may arrive first).
 */
function notifyKey(notify) {
  const f = notify.fields;
  if (notify.message === 'pageNotify' || notify.message === 'offlineNotify') {
    return ['cmpay', f.merchantId, f.orderId, f.payNo, f.status].join(':');
  }
  if (notify.interface === 'tradeNotify') {
    return ['clpay', 'trade', f.merchantCode, f.outOrderId, f.instructCode].join(':');
  }
  if (notify.interface === 'payoutNotify') {
    return ['clpay', 'payout', f.merchantCode, f.outOrderId, f.orderId, f.state].join(':');
  }
  return [notify.message ?? notify.interface, ...Object.values(f)].join(':');
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('paysign/notify: options must be an object');
  const { verifier, onNotify } = options;
  if (typeof verifier !== 'function' && !isVerifier(verifier)) {
    throw new TypeError('paysign/notify: options.verifier must be a Clpay or Cmpay, or a function of the request answering one');
  }
  if (typeof onNotify !== 'function') throw new TypeError('paysign/notify: options.onNotify must be a function');
  return options;
}

const isVerifier = (v) => v !== null && typeof v === 'object' && typeof v.verifyNotify === 'function';
const answer = (status, body) => ({ status, body, contentType: TEXT });

/**
 * The framework-free core: the raw body's bytes and the request's Content-Type in, the answer
 * out (`{ status, body, contentType }`). Never throws. `context` is what a `verifier` function
 * is called with (the framework's request or context: a Worker's keys are in `c.env`).
 */
function handleNotify(options, body, contentType, context) {
  return handle(checkOptions(options), body, contentType, context);
}

// handleNotify on options already checked (the adapters check them once, when made).
async function handle(options, body, contentType, context) {
  const { onNotify, verifyOptions, onError } = options;
  if (body.length > MAX_BODY) return answer(413, 'BODY_TOO_LARGE');
  let verifier = options.verifier;
  if (typeof verifier === 'function') {
    try {
      verifier = verifier(context);
    } catch (e) {
      verifier = e;
    }
    // No verifier (a missing or malformed key): the merchant's set-up, so 500 and a retry.
    if (!isVerifier(verifier)) return answer(500, 'NO_VERIFIER');
  }
  let notify;
  try {
    const opts = { ...verifyOptions };
    if (contentType) opts.contentType = contentType;
    notify = verifier.verifyNotifyAsync
      ? await verifier.verifyNotifyAsync(body, opts)
      : verifier.verifyNotify(body, opts);
  } catch (e) {
    // Not a notify at all: empty, junk, the other gateway's message, a wrong content type.
    return answer(400, typeof e?.code === 'string' ? e.code : 'BAD_REQUEST');
  }
  if (!notify.valid) return answer(400, notify.reason?.code ?? 'INVALID');
  try {
    await onNotify(notify, { key: notifyKey(notify) });
  } catch (e) {
    if (typeof onError === 'function') onError(e, notify);
    else console.error('paysign/notify: onNotify failed; answering 500 so that the gateway retries:', e);
    return answer(500, 'NOT_PROCESSED');
  }
  return { status: 200, body: notify.ack, contentType: TEXT };
}

// Reads a Node request stream, at most MAX_BODY + 1 bytes (more is refused unread).
async function readStream(req) {
  const chunks = [];
  let n = 0;
  for await (const c of req) {
    n += c.length;
    if (n > MAX_BODY) return null;
    chunks.push(c);
  }
  return join(chunks, n);
}

function join(chunks, n) {
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const isBytes = (v) => v instanceof Uint8Array;

// Why a Node request's body cannot be verified any more, or undefined if the stream can still
// be read (a parser that found nothing to parse, as Express 4 does, leaves `{}` and the stream).
function consumedBy(req, parsed) {
  if (isBytes(parsed) || !(req.readableEnded || req.readable === false)) return undefined;
  if (typeof parsed === 'string') {
    return 'BODY_ALREADY_PARSED: a text body parser decoded the body before paysign; give this route the raw bytes';
  }
  if (parsed !== undefined) {
    return 'BODY_ALREADY_PARSED: a body parser (json, urlencoded, bodyparser) ran before paysign; mount this handler before it or use a raw body parser for this route';
  }
  return 'BODY_ALREADY_READ: the request body was read before paysign';
}

function sendNode(res, a) {
  res.statusCode = a.status;
  res.setHeader('content-type', a.contentType);
  res.end(a.body);
}

/** node:http and Express (4 and 5): `app.post('/notify', expressNotify({ verifier, onNotify }))`. */
function expressNotify(options) {
  checkOptions(options);
  return async function paysignNotify(req, res) {
    const why = consumedBy(req, req.body);
    if (why) return sendNode(res, answer(500, why));
    const body = isBytes(req.body) ? req.body : await readStream(req);
    if (body === null) return sendNode(res, answer(413, 'BODY_TOO_LARGE'));
    sendNode(res, await handle(options, body, req.headers['content-type'], req));
  };
}

/**
 * Fastify (4 and 5), as an encapsulated plugin whose content-type parser hands over the raw
 * bytes for every type: `app.register(fastifyNotify({ verifier, onNotify, path: '/notify' }))`.
 * Register it without fastify-plugin, so that its parser stays inside it.
 */
function fastifyNotify(options) {
  checkOptions(options);
  const path = options.path ?? '/';
  return async function paysignNotify(fastify) {
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY }, (req, body, done) => done(null, body));
    fastify.post(path, async (request, reply) => {
      const body = isBytes(request.body) ? request.body : new Uint8Array(0);
      const a = await handle(options, body, request.headers['content-type'], request);
      return reply.code(a.status).type(a.contentType).send(a.body);
    });
  };
}

/** Koa (2 and 3) middleware: `router.post('/notify', koaNotify({ verifier, onNotify }))`. */
function koaNotify(options) {
  checkOptions(options);
  return async function paysignNotify(ctx) {
    const why = consumedBy(ctx.req, ctx.request.body);
    let a;
    if (why) a = answer(500, why);
    else {
      const body = isBytes(ctx.request.body) ? ctx.request.body : await readStream(ctx.req);
      a = body === null ? answer(413, 'BODY_TOO_LARGE') : await handle(options, body, ctx.get('content-type'), ctx);
    }
    ctx.status = a.status;
    ctx.type = a.contentType;
    ctx.body = a.body;
  };
}

/**
 * A WHATWG `Request` → `Response` handler: Next.js route handlers (`export const POST =
 * nextNotify({ verifier, onNotify })`, Node or Edge runtime), Cloudflare Workers, Deno.serve,
 * Bun.serve. The body is read once, as bytes.
 */
function nextNotify(options) {
  checkOptions(options);
  return async function POST(request) {
    if (request.bodyUsed) return toResponse(answer(500, 'BODY_ALREADY_READ: the request body was read before paysign'));
    const body = await readWeb(request.body);
    if (body === null) return toResponse(answer(413, 'BODY_TOO_LARGE'));
    return toResponse(await handle(options, body, request.headers.get('content-type') ?? undefined, request));
  };
}

/**
 * Hono (any runtime): `app.post('/notify', honoNotify({ verifier, onNotify }))`; in a Worker,
 * `verifier: (c) => new Cmpay(c.env.CMPAY_SIGN_KEY)`.
 */
function honoNotify(options) {
  checkOptions(options);
  return async function paysignNotify(c) {
    // HonoRequest keeps a body it read (a validator before this handler): those bytes, else
    // the stream, read up to the limit.
    const body = c.req.raw.bodyUsed ? new Uint8Array(await c.req.arrayBuffer()) : await readWeb(c.req.raw.body);
    if (body === null || body.length > MAX_BODY) return toResponse(answer(413, 'BODY_TOO_LARGE'));
    return toResponse(await handle(options, body, c.req.header('content-type'), c));
  };
}

// Reads a WHATWG body stream, at most MAX_BODY + 1 bytes (more is refused, the rest cancelled,
// whatever Content-Length says or does not say).
async function readWeb(stream) {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_BODY) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return join(chunks, n);
}

function toResponse(a) {
  return new Response(a.body, { status: a.status, headers: { 'content-type': a.contentType } });
}
