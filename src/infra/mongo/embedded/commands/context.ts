/** What every command handler receives, plus small argument-parsing helpers. */
import type { ObjectId } from 'mongodb';
import type { Catalog } from '../catalog';
import { validateCollectionName } from '../catalog';
import type { CursorRegistry } from '../cursors';
import type { Doc } from '../errors';
import { commandError } from '../errors';
import type { Transaction, TransactionManager } from '../transactions';
import { isPlainObject } from '../values';
import type { CollectionView } from '../views';

export interface ServerInfo {
  host: string;
  port: number;
  processId: ObjectId;
  electionId: ObjectId;
  startedAt: Date;
}

export interface ServerState {
  catalog: Catalog;
  txns: TransactionManager;
  cursors: CursorRegistry;
  info: ServerInfo;
  connectionCount(): number;
}

export interface CommandContext {
  state: ServerState;
  db: string;
  body: Doc;
  name: string;
  txn: Transaction | undefined;
  connectionId: number;
  view(collection: string): CollectionView;
}

export type CommandHandler = (ctx: CommandContext) => Doc | Promise<Doc>;

/** The collection named by the command's first field (`{find: 'users'}` → 'users'). */
export function targetCollection(ctx: CommandContext): string {
  const name = ctx.body[ctx.name];
  validateCollectionName(ctx.db, name);
  return name;
}

export function optionalNumber(body: Doc, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw commandError('TypeMismatch', `Field '${field}' must be numeric`);
  return n;
}

export function optionalDoc(body: Doc, field: string): Doc | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw commandError('TypeMismatch', `Field '${field}' must be an object`);
  return value;
}

export function docArray(body: Doc, field: string): Doc[] {
  const value = body[field];
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw commandError('TypeMismatch', `Field '${field}' must be an array of objects`);
  }
  return value;
}

export function cursorBatchSize(body: Doc): number | undefined {
  const cursor = body.cursor;
  return isPlainObject(cursor) ? optionalNumber(cursor, 'batchSize') : undefined;
}
