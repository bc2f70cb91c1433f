/**
 * Wire protocol framing: OP_MSG for everything modern drivers send, OP_QUERY/OP_REPLY only for the
 * legacy first handshake (drivers use it until they learn the server's wire version).
 */
import { BSON } from 'mongodb';
import type { Doc } from './errors';
import { commandError } from './errors';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;
export const MSG_EXHAUST_ALLOWED = 1 << 16;

export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface OpMsgRequest {
  kind: 'msg';
  header: MessageHeader;
  flags: number;
  /** Kind-0 body with kind-1 document sequences merged in as array fields. */
  command: Doc;
}

export interface OpQueryRequest {
  kind: 'query';
  header: MessageHeader;
  collection: string;
  command: Doc;
}

export type WireRequest = OpMsgRequest | OpQueryRequest;

const deserializeOptions = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
} as const;

export function readHeader(buffer: Buffer, offset = 0): MessageHeader {
  return {
    length: buffer.readInt32LE(offset),
    requestId: buffer.readInt32LE(offset + 4),
    responseTo: buffer.readInt32LE(offset + 8),
    opCode: buffer.readInt32LE(offset + 12),
  };
}

function readDocument(buffer: Buffer, offset: number): { doc: Doc; end: number } {
  const size = buffer.readInt32LE(offset);
  const end = offset + size;
  if (size < 5 || end > buffer.length)
    throw commandError('BadValue', 'invalid BSON document length');
  return { doc: BSON.deserialize(buffer.subarray(offset, end), deserializeOptions) as Doc, end };
}

function readCString(buffer: Buffer, offset: number): { value: string; end: number } {
  const zero = buffer.indexOf(0, offset);
  if (zero < 0) throw commandError('BadValue', 'unterminated cstring');
  return { value: buffer.toString('utf8', offset, zero), end: zero + 1 };
}

/** Parses one complete message (`buffer` holds exactly the bytes announced by its header). */
export function parseMessage(buffer: Buffer): WireRequest {
  const header = readHeader(buffer);
  if (header.opCode === OP_MSG) return parseOpMsg(header, buffer);
  if (header.opCode === OP_QUERY) return parseOpQuery(header, buffer);
  throw commandError('BadValue', `unsupported opCode ${header.opCode}`);
}

function parseOpMsg(header: MessageHeader, buffer: Buffer): OpMsgRequest {
  const flags = buffer.readUInt32LE(HEADER_SIZE);
  // The CRC-32C trailer is only integrity protection on top of TCP; we skip verifying it.
  const end = flags & MSG_CHECKSUM_PRESENT ? buffer.length - 4 : buffer.length;
  let offset = HEADER_SIZE + 4;
  let command: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = buffer.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const read = readDocument(buffer, offset);
      command = read.doc;
      offset = read.end;
    } else if (kind === 1) {
      const sectionEnd = offset + buffer.readInt32LE(offset);
      const id = readCString(buffer, offset + 4);
      const docs: Doc[] = [];
      let cursor = id.end;
      while (cursor < sectionEnd) {
        const read = readDocument(buffer, cursor);
        docs.push(read.doc);
        cursor = read.end;
      }
      sequences.push([id.value, docs]);
      offset = sectionEnd;
    } else {
      throw commandError('BadValue', `unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw commandError('BadValue', 'OP_MSG without a body section');
  for (const [name, docs] of sequences) command[name] = docs;
  return { kind: 'msg', header, flags, command };
}

function parseOpQuery(header: MessageHeader, buffer: Buffer): OpQueryRequest {
  const collection = readCString(buffer, HEADER_SIZE + 4);
  // numberToSkip and numberToReturn are meaningless for $cmd queries.
  const { doc } = readDocument(buffer, collection.end + 8);
  const inner = doc.$query;
  const command = inner !== null && typeof inner === 'object' ? (inner as Doc) : doc;
  return { kind: 'query', header, collection: collection.value, command };
}

export function encodeOpMsg(requestId: number, responseTo: number, body: Doc, flags = 0): Buffer {
  const bson = BSON.serialize(body);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 5 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(flags, 16);
  out.writeUInt8(0, 20);
  out.set(bson, 21);
  return out;
}

export function encodeOpReply(requestId: number, responseTo: number, body: Doc): Buffer {
  const bson = BSON.serialize(body);
  const out = Buffer.alloc(HEADER_SIZE + 20 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_REPLY, 12);
  out.writeInt32LE(0, 16); // responseFlags
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  out.set(bson, 36);
  return out;
}

/** Client-side helper for tests: a legacy OP_QUERY against `db.$cmd`. */
export function encodeOpQuery(requestId: number, collection: string, query: Doc): Buffer {
  const name = Buffer.from(collection + '\0', 'utf8');
  const bson = BSON.serialize(query);
  const out = Buffer.alloc(HEADER_SIZE + 4 + name.length + 8 + bson.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(0, 8);
  out.writeInt32LE(OP_QUERY, 12);
  out.writeInt32LE(0, 16);
  name.copy(out, 20);
  out.writeInt32LE(0, 20 + name.length);
  out.writeInt32LE(-1, 24 + name.length);
  out.set(bson, 28 + name.length);
  return out;
}

/** Client-side helper for tests: reads the single document of an OP_REPLY. */
export function decodeOpReply(buffer: Buffer): Doc {
  return readDocument(buffer, 36).doc;
}
