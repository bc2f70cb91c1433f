/** Session and transaction-control commands (sent to the admin database by drivers). */
import { UUID } from 'mongodb';
import type { Doc } from '../errors';
import { commandError } from '../errors';
import { isPlainObject } from '../values';
import type { CommandHandler } from './context';

/** Sessions are keyed by the bytes of their lsid UUID. */
export function sessionKey(lsid: unknown): string | undefined {
  if (!isPlainObject(lsid)) return undefined;
  const id = lsid.id as { buffer?: Uint8Array } | undefined;
  if (!id?.buffer) return undefined;
  return Buffer.from(id.buffer).toString('hex');
}

function requireTransactionFields(body: Doc): { key: string; txnNumber: number } {
  const key = sessionKey(body.lsid);
  if (!key || body.txnNumber === undefined) {
    throw commandError(
      'InvalidOptions',
      'commitTransaction/abortTransaction require a session and txnNumber',
    );
  }
  return { key, txnNumber: Number(body.txnNumber) };
}

const commitTransaction: CommandHandler = (ctx) => {
  const { key, txnNumber } = requireTransactionFields(ctx.body);
  const txn = ctx.state.txns.find(key, txnNumber);
  if (!txn) {
    throw commandError(
      'NoSuchTransaction',
      `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
      {
        errorLabels: ['TransientTransactionError'],
      },
    );
  }
  ctx.state.txns.commit(txn);
  return { ok: 1 };
};

const abortTransaction: CommandHandler = (ctx) => {
  const { key, txnNumber } = requireTransactionFields(ctx.body);
  const txn = ctx.state.txns.find(key, txnNumber);
  if (!txn || txn.state === 'aborted') {
    throw commandError(
      'NoSuchTransaction',
      `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
    );
  }
  if (txn.state === 'committed')
    throw commandError('TransactionCommitted', `Transaction ${txnNumber} has been committed.`);
  ctx.state.txns.abort(txn);
  return { ok: 1 };
};

const endSessions: CommandHandler = (ctx) => {
  const sessions = Array.isArray(ctx.body.endSessions) ? ctx.body.endSessions : [];
  for (const lsid of sessions) {
    const key = sessionKey(lsid);
    if (key) ctx.state.txns.endSession(key);
  }
  return { ok: 1 };
};

const killAllSessions: CommandHandler = (ctx) => {
  ctx.state.txns.endAll();
  return { ok: 1 };
};

const startSession: CommandHandler = () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 });

export const sessionCommands: Record<string, CommandHandler> = {
  commitTransaction,
  abortTransaction,
  endSessions,
  killSessions: endSessions,
  killAllSessions,
  killAllSessionsByPattern: killAllSessions,
  refreshSessions: () => ({ ok: 1 }),
  startSession,
};
