import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { AppError } from '../shared/errors';
import { newId } from '../shared/ids';
import { decoyHash, hashPassword, verifyPassword } from './password-hash';
import type { User } from './user';
import { createUserSchema, signInSchema } from './user-input';
import type { CreateUserInput, SignInInput } from './user-input';
import type { UserDocument, UserModel } from './user-model';

/** Staff users: creation, look-up and password sign-in. */
export class UserService {
  constructor(
    private readonly model: UserModel,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: CreateUserInput): Promise<User> {
    const data = createUserSchema.parse(input);
    const now = this.clock.now();
    const doc: UserDocument = {
      _id: newId('user'),
      username: data.username,
      displayName: data.displayName,
      roles: data.roles,
      passwordHash: await hashPassword(data.password),
      active: true,
      queues: data.queues,
      maxConcurrent: data.maxConcurrent,
      createdAt: now,
      lastUpdate: now,
    };
    try {
      await this.model.create(doc);
    } catch (error) {
      if (isDuplicateKeyError(error, 'username')) {
        throw new AppError('CONFLICT', `The username ${data.username} is taken`, {
          username: data.username,
        });
      }
      throw error;
    }
    return toUser(doc);
  }

  /** Creates the user unless the username exists (seeds); an existing user is left untouched. */
  async ensure(input: CreateUserInput): Promise<{ user: User; created: boolean }> {
    const existing = await this.findByUsername(input.username);
    if (existing) return { user: existing, created: false };
    try {
      return { user: await this.create(input), created: true };
    } catch (error) {
      // Two seeders raced; the other one created it.
      const raced = await this.findByUsername(input.username);
      if (raced) return { user: raced, created: false };
      throw error;
    }
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const doc = await this.model
      .findOne({ username: username.trim().toLowerCase() })
      .lean<UserDocument>();
    return doc ? toUser(doc) : undefined;
  }

  async get(userId: string): Promise<User> {
    const doc = await this.model.findById(userId).lean<UserDocument>();
    if (!doc) throw new AppError('NOT_FOUND', `No user ${userId}`, { userId });
    return toUser(doc);
  }

  /**
   * The user these credentials belong to, or undefined. An unknown username, a wrong password and
   * a deactivated account are indistinguishable to the caller, in answer and in time taken.
   */
  async authenticate(input: SignInInput): Promise<User | undefined> {
    const credentials = signInSchema.parse(input);
    const doc = await this.model.findOne({ username: credentials.username }).lean<UserDocument>();
    const matches = await verifyPassword(
      credentials.password,
      doc?.passwordHash ?? (await decoyHash()),
    );
    if (!doc || !matches || !doc.active) return undefined;
    await this.model.updateOne({ _id: doc._id }, { $set: { lastSignInAt: this.clock.now() } });
    return toUser(doc);
  }
}

function toUser(doc: UserDocument): User {
  return {
    id: doc._id,
    username: doc.username,
    displayName: doc.displayName,
    roles: [...doc.roles],
    active: doc.active,
    queues: [...doc.queues],
    maxConcurrent: doc.maxConcurrent,
    createdAt: doc.createdAt,
  };
}
