// A tiny static file server (no dependencies) for the debugger page: `paysign serve` and the
// repository's `make serve`. Only serves files under its root, on 127.0.0.1 by default.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** Serves `dir`; `mounts` maps URL prefixes (`/pkg/`) to other folders. */
export function serveStatic(dir, port = 8080, host = '127.0.0.1', mounts = {}) {
  const roots = Object.entries(mounts).map(([prefix, d]) => [prefix, resolve(d)]);
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let root = resolve(dir);
      for (const [prefix, d] of roots) {
        if (path.startsWith(prefix)) [root, path] = [d, path.slice(prefix.length - 1)];
      }
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw new Error('outside root');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}
