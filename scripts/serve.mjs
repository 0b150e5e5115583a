// `make serve`: the debugger page from www/, with the static server `paysign serve` uses.
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../pkg/cli/static.mjs';

const WWW = fileURLToPath(new URL('../www/', import.meta.url));

export function serve(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1', dir = WWW) {
  return serveStatic(dir, port, host);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve();
  const { port } = server.address();
  console.log(`paysign debugger: http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
}
