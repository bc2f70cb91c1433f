import type { Clock } from '../../shared/clock';
import { AppError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { CatalogModels, StoredCatalogDocument } from './catalog-models';
import type { CatalogChange } from './catalog-integrity';
import type {
  CatalogResource,
  CatalogResourceDefinition,
  CatalogResourceKind,
} from './catalog-resources';
import { isDuplicateKeyError } from '../../shared/duplicate-key';
import { applyMergePatch, isPlainObject } from '../../shared/merge-patch';

/** A TMF list request once the connector has checked it: filters only on exposed attributes. */
export interface CatalogListQuery {
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1> | undefined;
  offset: number;
  limit: number;
}

export interface CatalogPage<T> {
  items: T[];
  total: number;
}

/** What every store needs from the service: time, the integrity check, and the after-write step. */
export interface CatalogWriteContext {
  readonly clock: Clock;
  assertKeepsCatalogConsistent<T extends CatalogResource>(
    definition: CatalogResourceDefinition<T>,
    change: CatalogChange<T>,
  ): Promise<void>;
  committed(kind: CatalogResourceKind, id: string): Promise<void>;
}

/** A concurrent writer moved the revision between our read and our write: read again and redo. */
const maxAttempts = 3;

const operatorPattern = /^\$(in|nin|gt|gte|lt|lte|ne|eq)$/;

function toStorageKey(attribute: string): string {
  return attribute === 'id' ? '_id' : attribute;
}

/** Filters come from the connector's whitelist; this keeps the store safe if another caller builds one. */
function toStorageFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const storage: Record<string, unknown> = {};
  for (const [attribute, condition] of Object.entries(filter)) {
    if (attribute.startsWith('$')) {
      throw new AppError('VALIDATION_FAILED', `Cannot filter with ${attribute}`);
    }
    if (isPlainObject(condition)) {
      for (const operator of Object.keys(condition)) {
        if (!operatorPattern.test(operator)) {
          throw new AppError('VALIDATION_FAILED', `Cannot filter with ${operator}`);
        }
      }
    }
    storage[toStorageKey(attribute)] = condition;
  }
  return storage;
}

/** Create, read, list, merge-patch and delete for one kind of catalog resource. */
export class CatalogResourceStore<T extends CatalogResource> {
  constructor(
    private readonly definition: CatalogResourceDefinition<T>,
    private readonly models: CatalogModels,
    private readonly context: CatalogWriteContext,
  ) {}

  private get model() {
    return this.definition.model(this.models);
  }

  async create(body: unknown): Promise<T> {
    const parsed = this.definition.parse(body, this.context.clock.now().toISOString());
    const id = parsed.id ?? newId(this.definition.idPrefix);
    const resource = { ...parsed, id } as T;
    if (await this.model.exists({ _id: id })) throw this.alreadyExists(id);
    await this.context.assertKeepsCatalogConsistent(this.definition, { upsert: resource });
    try {
      await this.model.create(this.definition.toDocument(resource, 1));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw this.alreadyExists(id);
      throw error;
    }
    await this.committed(id);
    return resource;
  }

  async find(id: string): Promise<T | undefined> {
    const document = await this.model.findById(id).lean<StoredCatalogDocument>().exec();
    return document ? this.definition.fromDocument(document) : undefined;
  }

  async get(id: string): Promise<T> {
    const resource = await this.find(id);
    if (!resource) throw this.notFound(id);
    return resource;
  }

  async list(query: CatalogListQuery): Promise<CatalogPage<T>> {
    const filter = toStorageFilter(query.filter);
    const sort: Record<string, 1 | -1> = {};
    for (const [attribute, direction] of Object.entries(query.sort ?? {})) {
      sort[toStorageKey(attribute)] = direction;
    }
    // The id breaks ties, so pages never repeat or skip a resource.
    if (!('_id' in sort)) sort._id = 1;
    const [documents, total] = await Promise.all([
      this.model
        .find(filter)
        .sort(sort)
        .skip(query.offset)
        .limit(query.limit)
        .lean<StoredCatalogDocument[]>()
        .exec(),
      this.model.countDocuments(filter).exec(),
    ]);
    return { items: documents.map((document) => this.definition.fromDocument(document)), total };
  }

  /**
   * Applies an RFC 7386 merge patch to the resource as a client sees it, then validates the whole
   * result with the create rules, so cross-field rules (a bundle lists its members, a recurring
   * price has a period) hold after every patch, not only after a create.
   */
  async patch(id: string, patch: unknown): Promise<T> {
    if (!isPlainObject(patch)) {
      throw new AppError('VALIDATION_FAILED', 'A PATCH body is a JSON object (a merge patch)');
    }
    if ('id' in patch && patch.id !== id) {
      throw new AppError('VALIDATION_FAILED', 'id cannot be changed', { id });
    }
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const document = await this.model.findById(id).lean<StoredCatalogDocument>().exec();
      if (!document) throw this.notFound(id);
      const current = this.definition.fromDocument(document);
      const merged = applyMergePatch(this.definition.toInput(current), patch);
      const parsed = this.definition.parse(
        { ...(merged as Record<string, unknown>), id },
        this.context.clock.now().toISOString(),
      );
      const next = { ...parsed, id } as T;
      await this.context.assertKeepsCatalogConsistent(this.definition, { upsert: next });
      const result = await this.model
        .replaceOne(
          { _id: id, revision: document.revision },
          this.definition.toDocument(next, document.revision + 1),
        )
        .exec();
      if (result.matchedCount === 1) {
        await this.committed(id);
        return next;
      }
    }
    throw this.concurrentChange(id);
  }

  async delete(id: string): Promise<void> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const document = await this.model
        .findById(id, { revision: 1 })
        .lean<Pick<StoredCatalogDocument, '_id' | 'revision'>>()
        .exec();
      if (!document) throw this.notFound(id);
      await this.context.assertKeepsCatalogConsistent(this.definition, { removeId: id });
      const result = await this.model.deleteOne({ _id: id, revision: document.revision }).exec();
      if (result.deletedCount === 1) {
        await this.committed(id);
        return;
      }
    }
    throw this.concurrentChange(id);
  }

  private committed(id: string): Promise<void> {
    return this.context.committed(this.definition.kind, id);
  }

  private notFound(id: string): AppError {
    return new AppError('NOT_FOUND', `No ${this.definition.label} with id ${id}`, { id });
  }

  private alreadyExists(id: string): AppError {
    return new AppError('CONFLICT', `A ${this.definition.label} with id ${id} already exists`, {
      id,
    });
  }

  private concurrentChange(id: string): AppError {
    return new AppError(
      'VERSION_CONFLICT',
      `The ${this.definition.label} ${id} kept changing while this write was applied; retry`,
      { id },
    );
  }
}
