import { AppError } from '../../domain/shared/errors';

/**
 * A write lost an optimistic-concurrency race. The message follows botbuilder's own storages
 * ("due to eTag conflict") so code written against MemoryStorage recognises it.
 */
export class ETagConflictError extends AppError {
  readonly key: string;

  constructor(key: string) {
    super('VERSION_CONFLICT', `Storage: error writing "${key}" due to eTag conflict.`, { key });
    this.name = 'ETagConflictError';
    this.key = key;
  }
}

export function isETagConflictError(error: unknown): error is ETagConflictError {
  return error instanceof ETagConflictError;
}
