import net from 'node:net';
import tls from 'node:tls';
import { ResponseReader, type Http1Response } from './http1-response.js';

export type { Http1Response } from './http1-response.js';

export type Http1PoolOptions = {
  /** Connections open at most; more requests wait for one to be free. */
  maxSockets?: number;
  /** A request without its whole answer this long fails (the connection is closed). */
  requestTimeoutMs?: number;
  /** An unused connection is closed after this long (or the server's Keep-Alive hint, if shorter). */
  idleTimeoutMs?: number;
  /** For https: what tls.connect needs beyond the host (a private CA in tests). */
  tls?: tls.ConnectionOptions;
};

/** The connection failed before the whole answer came: `code` as Node names it (ECONNREFUSED…). */
export class Http1NetworkError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'Http1NetworkError';
  }
}

type Pending = { resolve: (r: Http1Response) => void; reject: (e: Error) => void };
type Waiting = Pending & { request: string };

/**
 * POSTs over kept-alive HTTP/1.1 connections to one origin, one request at a time on each.
 * The sender makes every Bot API call of Cầu Nối (every reply, every broadcast message):
 * node:http's client allocates ~20 KB a request, this ~5 KB (measured with V8's sampling heap
 * profiler), and a process that allocates less than ~1 MB a second keeps V8's young generation
 * small while a broadcast goes out (BENCHMARKS.md, memory). It speaks only what such a call
 * needs: one written request, an answer by Content-Length, chunked or until close.
 */
export class Http1Pool {
  private readonly idle: Connection[] = [];
  private readonly waiting: Waiting[] = [];
  private open = 0;
  private closed = false;
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  readonly maxSockets: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;

  constructor(
    readonly origin: URL,
    private readonly opts: Http1PoolOptions = {},
  ) {
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new Error(`not an http(s) origin: ${origin.protocol}`);
    this.host = origin.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80);
    this.hostHeader = origin.host;
    this.maxSockets = opts.maxSockets ?? 64;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 10_000;
  }

  /** POSTs a JSON body to `path`; resolves with any answer the server gave (status included). */
  postJson(path: string, body: string): Promise<Http1Response> {
    const request =
      `POST ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      const connection = this.idle.pop() ?? (this.open < this.maxSockets ? this.connect() : undefined);
      if (connection) connection.send(request, { resolve, reject });
      else this.waiting.push({ request, resolve, reject });
    });
  }

  /** Closes every connection; requests under way fail. */
  close(): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Http1NetworkError('ECONNABORTED'));
    for (const connection of this.idle.splice(0)) connection.destroy();
    this.closed = true;
  }

  private connect(): Connection {
    this.open++;
    const socket = this.origin.protocol === 'https:'
      ? tls.connect({ host: this.host, port: this.port, servername: net.isIP(this.host) ? undefined : this.host, ALPNProtocols: ['http/1.1'], ...this.opts.tls })
      : net.connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    return new Connection(this, socket);
  }

  /** A connection finished its answer and may serve again. */
  released(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next.request, next);
    else if (this.closed) connection.destroy();
    else this.idle.push(connection);
  }

  /** A connection is gone: a waiting request gets a new one. */
  lost(connection: Connection): void {
    this.open--;
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    const next = this.waiting.shift();
    if (next) this.connect().send(next.request, next);
  }
}

class Connection {
  private pending: Pending | undefined;
  private reader: ResponseReader | undefined;
  private gone = false;
  /** The server's Keep-Alive timeout hint, in ms (idle connections close before it does). */
  private serverIdleMs = Infinity;

  constructor(
    private readonly pool: Http1Pool,
    private readonly socket: net.Socket,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err: NodeJS.ErrnoException) => this.fail(new Http1NetworkError(err.code ?? 'ECONNRESET')));
    socket.on('close', () => this.fail(new Http1NetworkError('ECONNRESET')));
    socket.on('timeout', () => this.onTimeout());
  }

  send(request: string, pending: Pending): void {
    this.pending = pending;
    this.reader = new ResponseReader();
    this.socket.ref();
    this.socket.setTimeout(this.pool.requestTimeoutMs);
    this.socket.write(request, 'utf8');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.reader || !this.pending) {
      this.socket.destroy(); // nothing was asked: not HTTP we understand
      return;
    }
    let response: Http1Response | undefined;
    try {
      response = this.reader.push(chunk);
    } catch (err) {
      return this.fail(new Http1NetworkError(`bad answer (${(err as Error).message})`));
    }
    if (response) this.complete(response, this.reader.keepAlive, this.reader.keepAliveTimeoutMs);
  }

  private onEnd(): void {
    const response = this.reader?.end();
    if (response && this.pending) this.complete(response, false, undefined);
    this.socket.destroy();
  }

  private complete(response: Http1Response, keepAlive: boolean, serverIdleMs: number | undefined): void {
    const { resolve } = this.pending!;
    this.pending = undefined;
    this.reader = undefined;
    if (serverIdleMs !== undefined) this.serverIdleMs = serverIdleMs;
    resolve(response);
    if (!keepAlive) {
      this.socket.destroy();
      return;
    }
    // An idle connection does not keep the process alive, as node:http's agent's do not.
    this.socket.unref();
    this.socket.setTimeout(Math.max(1, Math.min(this.pool.idleTimeoutMs, this.serverIdleMs - 1000)));
    this.pool.released(this);
  }

  private onTimeout(): void {
    if (this.pending) this.fail(new Error(`no answer within ${this.pool.requestTimeoutMs} ms`));
    else this.socket.destroy();
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    this.reader = undefined;
    pending?.reject(err);
    if (this.gone) return;
    this.gone = true;
    this.socket.destroy();
    this.pool.lost(this);
  }
}
