import { createHmac } from 'node:crypto';
import { registerSignInRoute } from '../connectors/auth/sign-in-route';
import { StaffSignInLimiter } from '../connectors/auth/staff-sign-in-limiter';
import type { StaffSignInLimits } from '../connectors/auth/staff-sign-in-limiter';
import type { Clock } from '../domain/shared/clock';
import { registerUserModel } from '../domain/users/user-model';
import { UserService } from '../domain/users/user-service';
import { AppError } from '../domain/shared/errors';
import type { AppContext, RuntimeContext } from '../runtime';

export interface UsersFeature {
  name: 'users';
  /** Available once `configure` has run. */
  readonly services: { readonly users: UserService };
  configure(context: RuntimeContext): Promise<void>;
  configureApp(context: AppContext): void;
}

/** Staff users with roles and password sign-in (`POST /api/auth/sign-in`). */
export function createUsersFeature(
  options: { clock?: Clock; signInLimits?: StaffSignInLimits } = {},
): UsersFeature {
  let users: UserService | undefined;
  const ready = (): UserService => {
    if (!users) throw new AppError('DEPENDENCY_UNAVAILABLE', 'The users feature is not configured');
    return users;
  };
  return {
    name: 'users',
    services: {
      get users() {
        return ready();
      },
    },
    async configure(context) {
      const model = registerUserModel(context.mongo.connection);
      await model.init();
      users = new UserService(model, options.clock);
    },
    configureApp(context) {
      const limiter = new StaffSignInLimiter({
        redis: context.redis,
        prefix: context.config.REDIS_KEY_PREFIX,
        secret: createHmac('sha256', context.config.JWT_SECRET)
          .update('omnichannel-sales-assist:staff-sign-in-limits')
          .digest('base64url'),
        ...(options.signInLimits ? { limits: options.signInLimits } : {}),
      });
      registerSignInRoute(context.app, { users: ready(), tokens: context.tokens, limiter });
    },
  };
}
