/**
 * Server-side errors carry MongoDB's numeric code and codeName so the driver builds the same
 * MongoServerError (and mongoose the same ValidationError/duplicate-key handling) as against mongod.
 */
export type Doc = Record<string, unknown>;

export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  Location40414: 40414,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra reply fields (keyPattern, keyValue, errorLabels…) merged into the error document. */
  readonly extra: Doc;

  constructor(codeName: ErrorCodeName, message: string, extra: Doc = {}) {
    super(message);
    this.codeName = codeName;
    this.code = ErrorCodes[codeName];
    this.extra = extra;
  }

  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** Shape used inside `writeErrors` arrays (no ok/codeName there, as mongod does). */
  toWriteError(index: number): Doc {
    const { errorLabels: _labels, ...rest } = this.extra;
    return { index, code: this.code, errmsg: this.message, ...rest };
  }
}

export function commandError(
  codeName: ErrorCodeName,
  message: string,
  extra?: Doc,
): MongoCommandError {
  return new MongoCommandError(codeName, message, extra);
}

export function writeConflict(): MongoCommandError {
  return new MongoCommandError(
    'WriteConflict',
    'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    { errorLabels: ['TransientTransactionError'] },
  );
}

/** Anything thrown by mingo or our own code that is not already a MongoCommandError becomes BadValue. */
export function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoCommandError('BadValue', message);
}
