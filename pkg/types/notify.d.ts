// paysign/notify: notify handlers for Express, Fastify, Koa, Hono and Next.js route handlers.
// Hand-owned declarations of pkg/src/notify.js. Structural types only: no framework's types are
// needed to use them.

/** What a handler needs of a Clpay or Cmpay (from any paysign module). */
export interface NotifyVerifier {
  verifyNotify(body: Uint8Array, options?: { contentType?: string; [option: string]: unknown }): NotifyResult;
}

/** The verified notify handed to `onNotify` (a ClpayNotify or a CmpayVerified). */
export interface NotifyResult {
  valid: boolean;
  reason: { code: string; field: string | null; message: string } | null;
  fields: Record<string, string | undefined>;
  ack: string | null;
  interface?: string;
  message?: string;
}

export interface NotifyHandlerOptions<N extends NotifyResult = NotifyResult> {
  /** The Clpay or Cmpay that verifies (its keys), or a function of the request answering one
   * (called with the framework's request or context: Hono's `c`, whose `c.env` holds a
   * Worker's keys). A function that throws or answers no verifier makes the answer 500. */
  verifier: NotifyVerifier | ((context: any) => NotifyVerifier);
  /** Called once per valid notify delivered; the acknowledgement is answered only after it
   * resolves. Throw (or reject) to answer 500, so that the gateway retries. `key` is the same
   * for every delivery of the same notify: store it to process each notify once. */
  onNotify(notify: N, info: { key: string }): unknown;
  /** Passed to verifyNotify: `kind` (clpayment), `charset` / `message` (CMPay). */
  verifyOptions?: Record<string, string>;
  /** Called when onNotify throws (default: console.error). */
  onError?(error: unknown, notify: N): void;
}

/** The answer of the framework-free core. */
export interface NotifyAnswer {
  status: 200 | 400 | 413 | 500;
  body: string;
  contentType: string;
}

/** The framework-free core: the raw bytes and the request's Content-Type in, the answer out. Never rejects. */
export declare function handleNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N>, body: Uint8Array, contentType?: string, context?: unknown): Promise<NotifyAnswer>;
/** The idempotency key of a verified notify (what `onNotify` gets as `key`). */
export declare function notifyKey(notify: NotifyResult): string;

/** node:http and Express 4/5: `app.post('/notify', expressNotify({ verifier, onNotify }))`. */
export declare function expressNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N>): (req: any, res: any) => Promise<void>;
/** Fastify 4/5, an encapsulated plugin: `app.register(fastifyNotify({ verifier, onNotify, path: '/notify' }))`. */
export declare function fastifyNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N> & { path?: string }): (fastify: any) => Promise<void>;
/** Koa 2/3 middleware: `router.post('/notify', koaNotify({ verifier, onNotify }))`. */
export declare function koaNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N>): (ctx: any) => Promise<void>;
/** Hono, any runtime: `app.post('/notify', honoNotify({ verifier, onNotify }))`. */
export declare function honoNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N>): (c: any) => Promise<Response>;
/** A WHATWG Request → Response handler: Next.js route handlers (`export const POST = nextNotify(...)`), Workers, Deno.serve, Bun.serve. */
export declare function nextNotify<N extends NotifyResult>(options: NotifyHandlerOptions<N>): (request: Request) => Promise<Response>;
