// Entry for edge runtimes (workerd / Cloudflare Workers, Vercel Edge, Deno Deploy): the wasm
// module is imported as a compiled WebAssembly.Module, as these runtimes do, and instantiated
// synchronously once, so every export is ready on import.
import wasmModule from './web/paysign_bg.wasm';
import { initSync } from './web/paysign.js';

initSync({ module: wasmModule });

export * from './web.mjs';
