/** Write commands: insert, update, delete and findAndModify, with mongod's per-statement errors. */
import type { Doc } from '../errors';
import type { MongoCommandError } from '../errors';
import { commandError, toCommandError } from '../errors';
import { project, runQuery } from '../planner';
import type { UpdateSpec } from '../update';
import {
  applyUpdate,
  buildUpsertDocument,
  isOperatorUpdate,
  isPipelineUpdate,
  validateUpdate,
} from '../update';
import { ensureId, isPlainObject } from '../values';
import type { CollectionView } from '../views';
import type { CommandHandler } from './context';
import { docArray, optionalDoc, targetCollection } from './context';

/** Errors that concern the whole transaction, not one statement: they fail the command. */
function isTransactionLevel(error: MongoCommandError): boolean {
  return error.codeName === 'WriteConflict' || error.codeName === 'NoSuchTransaction';
}

/**
 * Runs statements in order, collecting mongod-shaped writeErrors; ordered batches stop at the
 * first failure, unordered ones carry on.
 */
function runStatements<T>(
  statements: T[],
  ordered: boolean,
  run: (statement: T, index: number) => void,
): Doc[] {
  const writeErrors: Doc[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i] as T, i);
    } catch (error) {
      const failure = toCommandError(error);
      if (isTransactionLevel(failure)) throw failure;
      writeErrors.push(failure.toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Doc, writeErrors: Doc[]): Doc {
  if (writeErrors.length > 0) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}

function validateDocument(doc: Doc): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$'))
      throw commandError('BadValue', `Document can't have $ prefixed field names: ${key}`);
  }
  if (Array.isArray(doc._id)) throw commandError('BadValue', "can't use an array for _id");
}

const insert: CommandHandler = (ctx) => {
  const view = ctx.view(targetCollection(ctx));
  const documents = docArray(ctx.body, 'documents');
  let n = 0;
  const writeErrors = runStatements(documents, ctx.body.ordered !== false, (raw) => {
    validateDocument(raw);
    view.insert(ensureId(raw));
    n++;
  });
  return withWriteErrors({ n }, writeErrors);
};

interface UpdateStatement {
  q: Doc;
  u: UpdateSpec;
  multi: boolean;
  upsert: boolean;
  arrayFilters: Doc[] | undefined;
  sort: Doc | undefined;
}

function parseUpdateStatement(raw: Doc): UpdateStatement {
  const q = optionalDoc(raw, 'q') ?? {};
  validateUpdate(raw.u);
  const multi = raw.multi === true;
  if (multi && !isOperatorUpdate(raw.u) && !isPipelineUpdate(raw.u)) {
    throw commandError(
      'FailedToParse',
      'multi update is not supported for replacement-style update',
    );
  }
  const arrayFilters = Array.isArray(raw.arrayFilters)
    ? raw.arrayFilters.filter(isPlainObject)
    : undefined;
  return {
    q,
    u: raw.u,
    multi,
    upsert: raw.upsert === true,
    arrayFilters,
    sort: optionalDoc(raw, 'sort'),
  };
}

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  before?: Doc | undefined;
  after?: Doc | undefined;
}

function executeUpdate(view: CollectionView, statement: UpdateStatement): UpdateOutcome {
  const { q, u, arrayFilters } = statement;
  const matches = runQuery(view, q, { limit: statement.multi ? 0 : 1, sort: statement.sort });
  if (matches.length === 0) {
    if (!statement.upsert) return { matched: 0, modified: 0 };
    const doc = buildUpsertDocument(q, u, arrayFilters);
    validateDocument(doc);
    view.insert(doc);
    return { matched: 0, modified: 0, upsertedId: doc._id, after: doc };
  }
  let modified = 0;
  let before: Doc | undefined;
  let after: Doc | undefined;
  for (const match of matches) {
    const result = applyUpdate(match, u, arrayFilters, q);
    if (result.changed) {
      view.replace(match, result.doc);
      modified++;
    }
    before ??= match;
    after ??= result.doc;
  }
  return { matched: matches.length, modified, before, after };
}

const update: CommandHandler = (ctx) => {
  const view = ctx.view(targetCollection(ctx));
  const updates = docArray(ctx.body, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors = runStatements(updates, ctx.body.ordered !== false, (raw, index) => {
    const outcome = executeUpdate(view, parseUpdateStatement(raw));
    if (outcome.upsertedId !== undefined) {
      upserted.push({ index, _id: outcome.upsertedId });
      n += 1;
    } else {
      n += outcome.matched;
      nModified += outcome.modified;
    }
  });
  const reply: Doc = { n, nModified };
  if (upserted.length > 0) reply.upserted = upserted;
  return withWriteErrors(reply, writeErrors);
};

const remove: CommandHandler = (ctx) => {
  const view = ctx.view(targetCollection(ctx));
  const deletes = docArray(ctx.body, 'deletes');
  let n = 0;
  const writeErrors = runStatements(deletes, ctx.body.ordered !== false, (raw) => {
    const limit = Number(raw.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw commandError('FailedToParse', 'The limit field in delete objects must be 0 or 1.');
    const matches = runQuery(view, optionalDoc(raw, 'q') ?? {}, { limit });
    for (const doc of matches) view.remove(doc);
    n += matches.length;
  });
  return withWriteErrors({ n }, writeErrors);
};

const findAndModify: CommandHandler = (ctx) => {
  const view = ctx.view(targetCollection(ctx));
  const body = ctx.body;
  const query = optionalDoc(body, 'query') ?? {};
  const sort = optionalDoc(body, 'sort');
  const fields = optionalDoc(body, 'fields') ?? optionalDoc(body, 'projection');
  const returnNew = body.new === true;
  const shape = (doc: Doc | undefined | null): Doc | null =>
    doc ? (project([doc], fields, query)[0] ?? null) : null;

  if (body.remove === true) {
    if (body.update !== undefined)
      throw commandError('FailedToParse', 'Cannot specify both an update and remove=true');
    const [doc] = runQuery(view, query, { sort, limit: 1 });
    if (doc) view.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shape(doc), ok: 1 };
  }
  if (body.update === undefined)
    throw commandError('FailedToParse', 'Either an update or remove=true must be specified');
  const statement = parseUpdateStatement({
    q: query,
    u: body.update,
    upsert: body.upsert === true,
    arrayFilters: body.arrayFilters,
  });
  statement.sort = sort;
  const outcome = executeUpdate(view, statement);
  if (outcome.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upsertedId },
      value: returnNew ? shape(outcome.after) : null,
      ok: 1,
    };
  }
  return {
    lastErrorObject: { n: outcome.matched, updatedExisting: outcome.matched > 0 },
    value: shape(returnNew ? outcome.after : outcome.before),
    ok: 1,
  };
};

export const crudCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
