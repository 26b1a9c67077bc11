import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1NetworkError, Http1Pool } from '../../src/lib/http1-pool.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
const pools: Http1Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function track<S extends Server>(server: S): S {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  servers.push(server);
  return server;
}

async function listen<S extends Server>(server: S): Promise<{ server: S; root: string; connections: () => number }> {
  let connections = 0;
  track(server).on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

/** An HTTP server answering each POST with its body, upper-cased, and how it was framed. */
function echoHandler(framing: 'length' | 'chunked' | 'close' = 'length') {
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const answer = JSON.stringify({ path: req.url, echo: body.toUpperCase() });
      if (framing === 'length') res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      if (framing === 'close') res.writeHead(200, { connection: 'close' });
      if (framing === 'chunked') {
        // Several chunks, split inside a multi-byte character.
        const bytes = Buffer.from(answer);
        for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
        res.end();
      } else res.end(answer);
    });
  };
}

const pool = (root: string, opts: ConstructorParameters<typeof Http1Pool>[1] = {}) => {
  const p = new Http1Pool(new URL(root), opts);
  pools.push(p);
  return p;
};

describe('Http1Pool: JSON POSTs over kept-alive connections', () => {
  it('answers every request with its own answer, over one connection when they come one by one', async () => {
    const { root, connections } = await listen(createHttpServer(echoHandler()));
    const p = pool(root);
    for (let i = 0; i < 20; i++) {
      const r = await p.postJson(`/bot1/sendMessage?${i}`, JSON.stringify({ text: `xin chào ${i}` }));
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ path: `/bot1/sendMessage?${i}`, echo: JSON.stringify({ TEXT: `XIN CHÀO ${i}` }) });
    }
    expect(connections()).toBe(1);
  });

  it('never opens more than maxSockets connections; requests beyond them wait their turn', async () => {
    let open = 0;
    let most = 0;
    const server = createHttpServer((req, res) => setTimeout(() => echoHandler()(req, res), 5));
    server.on('connection', (s: Socket) => {
      most = Math.max(most, ++open);
      s.on('close', () => open--);
    });
    const { root } = await listen(server);
    const p = pool(root, { maxSockets: 3 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => p.postJson('/m', String(i))));
    expect(answers.map((a) => JSON.parse(a.body).echo)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(most).toBe(3);
  });

  it('reads chunked answers and answers ended by the server closing, then connects again', async () => {
    const chunked = await listen(createHttpServer(echoHandler('chunked')));
    const closing = await listen(createHttpServer(echoHandler('close')));
    const a = pool(chunked.root);
    const b = pool(closing.root);
    for (let i = 0; i < 3; i++) {
      expect(JSON.parse((await a.postJson('/c', '"Phụ huynh hỏi về tuyển sinh lớp 6"')).body).echo).toBe('"PHỤ HUYNH HỎI VỀ TUYỂN SINH LỚP 6"');
      expect(JSON.parse((await b.postJson('/d', 'đã nhận')).body).echo).toBe('ĐÃ NHẬN');
    }
    expect(chunked.connections()).toBe(1);
    expect(closing.connections()).toBe(3);
  });

  it('reads an answer that arrives a byte at a time, after a 100 Continue', async () => {
    const raw = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"ok":false,"error_code":4}';
    const { root } = await listen(
      createTcpServer((socket) =>
        socket.once('data', async () => {
          for (const byte of Buffer.from(raw)) {
            socket.write(Buffer.from([byte]));
            await new Promise((r) => setImmediate(r));
          }
        }),
      ),
    );
    const r = await pool(root).postJson('/x', '{}');
    expect(r).toEqual({ status: 429, statusText: 'Too Many Requests', body: '{"ok":false,"error_code":4}' });
  });

  it('a connection the server closed while idle is replaced without failing the next request', async () => {
    const server = createHttpServer(echoHandler());
    server.keepAliveTimeout = 50;
    const { root, connections } = await listen(server);
    const p = pool(root);
    expect((await p.postJson('/a', 'một')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150)); // the server's own keep-alive timeout: real time
    expect(JSON.parse((await p.postJson('/b', 'hai')).body).echo).toBe('HAI');
    expect(connections()).toBe(2);
  });

  it('a connection dropped mid-answer fails that request with a network code; the next one works', async () => {
    let n = 0;
    const { root } = await listen(
      createTcpServer((socket) =>
        socket.on('data', () => {
          if (n++ === 0) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"ok":tr');
          else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
        }),
      ),
    );
    const p = pool(root);
    const err = await p.postJson('/x', '{}').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Http1NetworkError);
    expect((err as Http1NetworkError).code).toBe('ECONNRESET');
    expect((await p.postJson('/x', '{}')).body).toBe('{}');
  });

  it('refused, unanswered and non-HTTP answers fail with a clear reason', async () => {
    const gone = await listen(createTcpServer());
    await new Promise((r) => gone.server.close(r));
    servers.splice(servers.indexOf(gone.server), 1);
    const silent = await listen(createTcpServer(() => {}));
    const garbage = await listen(createTcpServer((s) => s.once('data', () => s.write('SSH-2.0-OpenSSH_9.2\r\n\r\n'))));
    const huge = await listen(createTcpServer((s) => s.once('data', () => s.write(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`))));

    const refused = await pool(gone.root).postJson('/x', '{}').catch((e: Error) => e);
    const timedOut = await pool(silent.root, { requestTimeoutMs: 100 }).postJson('/x', '{}').catch((e: Error) => e);
    const notHttp = await pool(garbage.root).postJson('/x', '{}').catch((e: Error) => e);
    const tooLong = await pool(huge.root).postJson('/x', '{}').catch((e: Error) => e);

    expect((refused as Http1NetworkError).code).toBe('ECONNREFUSED');
    expect((timedOut as Error).message).toBe('no answer within 100 ms');
    expect((notHttp as Http1NetworkError).code).toBe('bad answer (not an HTTP/1 answer)');
    expect((tooLong as Http1NetworkError).code).toBe('bad answer (the head is too long)');
  });

  it('speaks HTTPS, checking the server certificate', async () => {
    const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url)));
    const server = createHttpsServer({ cert: fixture('localhost-cert.pem'), key: fixture('localhost-key.pem') }, echoHandler());
    await new Promise<void>((r) => track(server).listen(0, '127.0.0.1', r));
    const root = `https://localhost:${(server.address() as AddressInfo).port}`;

    const trusted = pool(root, { tls: { ca: fixture('localhost-cert.pem') } });
    expect(JSON.parse((await trusted.postJson('/s', 'bảo mật')).body).echo).toBe('BẢO MẬT');
    const untrusted = (await pool(root).postJson('/s', 'x').catch((e: unknown) => e)) as Http1NetworkError;
    expect(untrusted).toBeInstanceOf(Http1NetworkError);
    expect(untrusted.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
