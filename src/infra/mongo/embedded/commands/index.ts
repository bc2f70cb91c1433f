/**
 * Command dispatch: resolves the handler and the transaction a command runs in, converts thrown
 * errors into `{ok: 0, code, codeName, errmsg}` and aborts transactions that hit an error, as
 * mongod does.
 */
import type { Doc } from '../errors';
import { commandError, toCommandError } from '../errors';
import type { Transaction } from '../transactions';
import { CommittedView } from '../views';
import type { CommandContext, CommandHandler, ServerState } from './context';
import { crudCommands } from './crud';
import { ddlCommands } from './ddl';
import { handshakeCommands } from './handshake';
import { readCommands } from './read';
import { sessionCommands, sessionKey } from './sessions';

export type { ServerState, ServerInfo } from './context';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...crudCommands,
  ...readCommands,
  ...ddlCommands,
  ...sessionCommands,
};

const TRANSACTION_CONTROL = new Set(['commitTransaction', 'abortTransaction']);

function resolveTransaction(state: ServerState, name: string, body: Doc): Transaction | undefined {
  const key = sessionKey(body.lsid);
  if (!key || body.txnNumber === undefined || TRANSACTION_CONTROL.has(name)) return undefined;
  const txnNumber = Number(body.txnNumber);
  if (body.autocommit !== false) {
    state.txns.noteTxnNumber(key, txnNumber);
    return undefined;
  }
  return body.startTransaction === true
    ? state.txns.begin(key, txnNumber)
    : state.txns.continue(key, txnNumber);
}

export function commandName(body: Doc): string {
  const [name] = Object.keys(body);
  return name ?? '';
}

export function runCommand(
  state: ServerState,
  db: string,
  body: Doc,
  connectionId: number,
): Doc | Promise<Doc> {
  const name = commandName(body);
  let txn: Transaction | undefined;
  try {
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw commandError('CommandNotFound', `no such command: '${name}'`);
    txn = resolveTransaction(state, name, body);
    const ctx: CommandContext = {
      state,
      db,
      body,
      name,
      txn,
      connectionId,
      view: (collection) =>
        txn
          ? txn.view(db, collection)
          : new CommittedView(state.catalog, db, collection, (ns, id) =>
              state.txns.preempt(ns, id),
            ),
    };
    const reply = handler(ctx);
    if (txn && !(reply instanceof Promise) && Array.isArray(reply.writeErrors))
      state.txns.abort(txn);
    return reply;
  } catch (error) {
    if (txn) state.txns.abort(txn);
    return toCommandError(error).toReply();
  }
}
