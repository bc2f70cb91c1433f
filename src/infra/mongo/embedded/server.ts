/**
 * TCP side: frames incoming bytes into messages, runs each command synchronously in arrival order
 * (so pipelined requests on one connection are answered in order) and writes replies.
 *
 * Streaming monitoring: drivers send `hello` with `maxAwaitTimeMS` + `exhaustAllowed` and expect
 * the server to hold the reply until the topology changes (ours never does), then keep replying
 * with `moreToCome`. Replying immediately would make the monitor spin, so each such connection
 * gets a timer that answers once per `maxAwaitTimeMS`.
 */
import net from 'node:net';
import type { Doc } from './errors';
import { toCommandError } from './errors';
import type { ServerState } from './commands';
import { commandName, runCommand } from './commands';
import {
  encodeOpMsg,
  encodeOpReply,
  HEADER_SIZE,
  MAX_MESSAGE_SIZE,
  MSG_EXHAUST_ALLOWED,
  MSG_MORE_TO_COME,
  parseMessage,
} from './wire';

let nextRequestId = 1;
function requestId(): number {
  nextRequestId = (nextRequestId + 1) & 0x7fffffff;
  return nextRequestId;
}

const AWAITABLE_HELLO = new Set(['hello', 'isMaster', 'ismaster']);

export interface ServerHooks {
  /** Runs after every command, before its reply is written (journal flush). */
  afterCommand(): void;
}

class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private streamTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly state: ServerState,
    private readonly hooks: ServerHooks,
    onClose: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.stopStreaming();
      onClose();
    });
  }

  destroy(): void {
    this.stopStreaming();
    this.socket.destroy();
  }

  private stopStreaming(): void {
    if (this.streamTimer) clearTimeout(this.streamTimer);
    this.streamTimer = undefined;
  }

  /** Joins buffered chunks only when a whole message is available, so big inserts aren't O(n²). */
  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.socket.cork();
    try {
      while (this.buffered >= 4) {
        if ((this.chunks[0] as Buffer).length < 4) this.coalesce();
        const length = (this.chunks[0] as Buffer).readInt32LE(0);
        if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
          this.socket.destroy();
          return;
        }
        if (this.buffered < length) break;
        if ((this.chunks[0] as Buffer).length < length) this.coalesce();
        const head = this.chunks[0] as Buffer;
        const message = head.subarray(0, length);
        if (head.length === length) this.chunks.shift();
        else this.chunks[0] = head.subarray(length);
        this.buffered -= length;
        this.handle(message);
      }
    } finally {
      this.socket.uncork();
    }
  }

  private coalesce(): void {
    this.chunks = [Buffer.concat(this.chunks)];
  }

  private handle(message: Buffer): void {
    let request;
    try {
      request = parseMessage(message);
    } catch {
      this.socket.destroy();
      return;
    }
    const body = request.command;
    if (request.kind === 'query') {
      const db = request.collection.split('.')[0] ?? 'admin';
      this.socket.write(
        encodeOpReply(requestId(), request.header.requestId, this.execute(db, body)),
      );
      return;
    }
    const db = typeof body.$db === 'string' ? body.$db : 'admin';
    const name = commandName(body);
    if (
      AWAITABLE_HELLO.has(name) &&
      body.maxAwaitTimeMS !== undefined &&
      body.topologyVersion !== undefined
    ) {
      this.awaitHello(
        db,
        body,
        request.header.requestId,
        (request.flags & MSG_EXHAUST_ALLOWED) !== 0,
      );
      return;
    }
    const reply = this.execute(db, body);
    // moreToCome from the client means an unacknowledged write: no reply is expected.
    if (request.flags & MSG_MORE_TO_COME) return;
    this.socket.write(encodeOpMsg(requestId(), request.header.requestId, reply));
  }

  private execute(db: string, body: Doc): Doc {
    let reply: Doc;
    try {
      const result = runCommand(this.state, db, body, this.id);
      reply =
        result instanceof Promise ? { ok: 0, errmsg: 'unexpected async command', code: 1 } : result;
      this.hooks.afterCommand();
    } catch (error) {
      reply = toCommandError(error).toReply();
    }
    return reply;
  }

  private awaitHello(db: string, body: Doc, responseTo: number, exhaust: boolean): void {
    const wait = Math.max(0, Number(body.maxAwaitTimeMS));
    this.stopStreaming();
    const respond = (to: number): void => {
      if (this.socket.destroyed) return;
      const id = requestId();
      this.socket.write(
        encodeOpMsg(id, to, this.execute(db, body), exhaust ? MSG_MORE_TO_COME : 0),
      );
      if (exhaust) this.schedule(() => respond(id), wait);
    };
    this.schedule(() => respond(responseTo), wait);
  }

  private schedule(callback: () => void, delay: number): void {
    this.streamTimer = setTimeout(callback, delay);
    this.streamTimer.unref();
  }
}

export class WireServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  constructor(
    private readonly state: ServerState,
    hooks: ServerHooks,
  ) {
    this.server = net.createServer((socket) => {
      const connection = new Connection(this.nextConnectionId++, socket, state, hooks, () =>
        this.connections.delete(connection),
      );
      this.connections.add(connection);
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    this.state.cursors.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
