// The plain node:http server both benchmark receivers run (receiver.mjs with paysign,
// receiver-node.mjs verifying by hand): it reads the body (at most 64 KiB kept), asks
// `ack(body, contentType)` (the header, or undefined) for the answer, and replies 200 with it, or 400 when it is null.
// Listens on 127.0.0.1 only and prints its port.
import { createServer } from 'node:http';

export function serveNotifies(ack) {
  const server = createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      const answer = ack(Buffer.concat(chunks), req.headers['content-type']);
      if (answer === null) {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
}
