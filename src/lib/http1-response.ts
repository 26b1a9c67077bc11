/** An HTTP answer, its body decoded as UTF-8. */
export type Http1Response = { status: number; statusText: string; body: string };

const CRLF = '\r\n';
/** A head larger than this is not a Bot API answer. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Nor is a body larger than this: the connection is dropped rather than the memory used. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

type Framing = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close';

/**
 * Reads one HTTP/1.x answer from the bytes of a connection, as they come: its status line and
 * headers, then a body framed by Content-Length, chunked, or by the server closing. Informational
 * answers (100 Continue) are skipped. Throws on what is not HTTP.
 */
export class ResponseReader {
  /** Whether the connection may carry another request after this answer. */
  keepAlive = true;
  /** The server's Keep-Alive timeout hint, in ms. */
  keepAliveTimeoutMs: number | undefined;
  private framing: Framing = 'head';
  private pending: Buffer | undefined;
  private status = 0;
  private statusText = '';
  /** Body bytes still to read: of the whole body (length) or of the current chunk. */
  private remaining = 0;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;

  /** Takes the next bytes; returns the answer once it is complete. */
  push(chunk: Buffer): Http1Response | undefined {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    for (;;) {
      const rest = this.step(data);
      if (rest === 'done') return this.response();
      if (rest === undefined) return undefined;
      data = rest;
    }
  }

  /** The server closed the connection: the answer, if it was framed by the close. */
  end(): Http1Response | undefined {
    return this.framing === 'until-close' ? this.response() : undefined;
  }

  /** Consumes what it can of `data`: the rest to read next, undefined to wait for more, or done. */
  private step(data: Buffer): Buffer | 'done' | undefined {
    switch (this.framing) {
      case 'head':
        return this.readHead(data);
      case 'length': {
        const take = Math.min(this.remaining, data.length);
        this.keep(data.subarray(0, take));
        this.remaining -= take;
        if (this.remaining > 0) return undefined;
        if (take < data.length) this.keepAlive = false; // bytes nobody asked for: do not reuse
        return 'done';
      }
      case 'chunk-size': {
        const eol = data.indexOf(CRLF);
        if (eol < 0) return this.wait(data, 'a chunk size');
        const size = Number.parseInt(data.toString('latin1', 0, eol).split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw new Error('bad chunk size');
        this.remaining = size;
        this.framing = size === 0 ? 'trailers' : 'chunk-data';
        return data.subarray(eol + 2);
      }
      case 'chunk-data': {
        const take = Math.min(this.remaining, data.length);
        this.keep(data.subarray(0, take));
        this.remaining -= take;
        if (this.remaining > 0) return undefined;
        this.framing = 'chunk-end';
        return data.subarray(take);
      }
      case 'chunk-end': {
        if (data.length < 2) return this.wait(data, 'a chunk end');
        if (data[0] !== 13 || data[1] !== 10) throw new Error('bad chunk end');
        this.framing = 'chunk-size';
        return data.subarray(2);
      }
      case 'trailers': {
        // Trailer lines, if any, then an empty line.
        if (data.length >= 2 && data[0] === 13 && data[1] === 10) return this.finish(data.subarray(2));
        const end = data.indexOf(CRLF + CRLF);
        if (end < 0) return this.wait(data, 'trailers');
        return this.finish(data.subarray(end + 4));
      }
      case 'until-close':
        this.keep(data);
        return undefined;
    }
  }

  private readHead(data: Buffer): Buffer | 'done' | undefined {
    const end = data.indexOf(CRLF + CRLF);
    if (end < 0) return this.wait(data, 'the head');
    const [statusLine, ...lines] = data.toString('latin1', 0, end).split(CRLF);
    const status = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine!);
    if (!status) throw new Error('not an HTTP/1 answer');
    this.status = Number(status[2]);
    this.statusText = status[3] ?? '';
    let keepAlive = status[1] === '1';
    let length: number | undefined;
    let chunked = false;
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error('bad header line');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value)) throw new Error('bad Content-Length');
        length = Number(value);
      } else if (name === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(value);
      else if (name === 'connection') keepAlive = /keep-alive/i.test(value) || (keepAlive && !/close/i.test(value));
      else if (name === 'keep-alive') {
        const timeout = /timeout=(\d+)/i.exec(value);
        if (timeout) this.keepAliveTimeoutMs = Number(timeout[1]) * 1000;
      }
    }
    const rest = data.subarray(end + 4);
    // 100 Continue and the like come before the answer itself.
    if (this.status >= 100 && this.status < 200 && this.status !== 101) return rest;
    this.keepAlive = keepAlive;
    if (this.status === 204 || this.status === 304) return this.finish(rest);
    if (chunked) this.framing = 'chunk-size';
    else if (length !== undefined) {
      if (length > MAX_BODY_BYTES) throw new Error('answer too large');
      this.framing = 'length';
      this.remaining = length;
      if (length === 0) return this.finish(rest);
    } else {
      this.framing = 'until-close';
      this.keepAlive = false;
    }
    return rest;
  }

  private finish(rest: Buffer): 'done' {
    if (rest.length > 0) this.keepAlive = false;
    return 'done';
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    this.bodyBytes += part.length;
    if (this.bodyBytes > MAX_BODY_BYTES) throw new Error('answer too large');
    this.body.push(part);
  }

  private wait(data: Buffer, what: string): undefined {
    if (data.length > MAX_HEAD_BYTES) throw new Error(`${what} is too long`);
    this.pending = data;
    return undefined;
  }

  private response(): Http1Response {
    const body = this.body.length === 1 ? this.body[0]!.toString('utf8') : Buffer.concat(this.body).toString('utf8');
    return { status: this.status, statusText: this.statusText, body };
  }
}
