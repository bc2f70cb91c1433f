/** Handshake and server-introspection commands: enough for drivers to treat us as a 7.0 primary. */
import os from 'node:os';
import { Long } from 'mongodb';
import type { Doc } from '../errors';
import { executionStats } from '../planner';
import type { CommandContext, CommandHandler } from './context';

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
export const MAX_WRITE_BATCH_SIZE = 100_000;
export const SERVER_VERSION = '7.0.0';

export function helloReply(ctx: CommandContext, legacy: boolean): Doc {
  const { info } = ctx.state;
  const me = `${info.host}:${info.port}`;
  const now = new Date();
  const reply: Doc = {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    topologyVersion: { processId: info.processId, counter: Long.fromNumber(0) },
    hosts: [me],
    setName: 'rs0',
    setVersion: 1,
    secondary: false,
    primary: me,
    me,
    electionId: info.electionId,
    lastWrite: { lastWriteDate: now, majorityWriteDate: now },
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
  if (ctx.body.helloOk === true) reply.helloOk = true;
  return reply;
}

const hello: CommandHandler = (ctx) => helloReply(ctx, false);
const isMaster: CommandHandler = (ctx) => helloReply(ctx, true);

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  modules: [],
  ok: 1,
});

const getParameter: CommandHandler = (ctx) => {
  const reply: Doc = { ok: 1 };
  if (ctx.body.featureCompatibilityVersion !== undefined || ctx.body.getParameter === '*') {
    reply.featureCompatibilityVersion = { version: '7.0' };
  }
  return reply;
};

const hostInfo: CommandHandler = () => ({
  system: {
    currentTime: new Date(),
    hostname: os.hostname(),
    cpuAddrSize: 64,
    memSizeMB: Math.round(os.totalmem() / 1048576),
    numCores: os.cpus().length,
    cpuArch: os.arch(),
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
  ok: 1,
});

const serverStatus: CommandHandler = (ctx) => ({
  host: `${ctx.state.info.host}:${ctx.state.info.port}`,
  version: SERVER_VERSION,
  process: 'mongod',
  pid: Long.fromNumber(process.pid),
  uptime: Math.floor((Date.now() - ctx.state.info.startedAt.getTime()) / 1000),
  localTime: new Date(),
  connections: { current: ctx.state.connectionCount(), available: 1_000_000 },
  metrics: {
    queryExecutor: {
      scanned: Long.fromNumber(executionStats.keysExamined),
      scannedObjects: Long.fromNumber(executionStats.docsExamined),
    },
  },
  ok: 1,
});

const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

const ok: CommandHandler = () => ({ ok: 1 });

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  hostInfo,
  serverStatus,
  connectionStatus,
  whatsmyuri: (ctx) => ({ you: `${ctx.state.info.host}:0`, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['mongod'], parsed: {}, ok: 1 }),
  logout: ok,
};
