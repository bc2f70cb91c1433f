import type { StaffRole } from '../domain/users/user';
import type { UserService } from '../domain/users/user-service';

/** Development only: production never seeds users (SEED_DEMO_DATA is `never` there). */
export const DEFAULT_DEMO_USER_PASSWORD = 'demo-only-Pa55word';

export const demoUsers: Array<{
  username: string;
  displayName: string;
  roles: StaffRole[];
  queues?: string[];
  maxConcurrent?: number;
}> = [
  {
    username: 'agent.alex',
    displayName: 'Alex Turner',
    roles: ['agent'],
    queues: ['sales', 'support', 'voice'],
    maxConcurrent: 3,
  },
  {
    username: 'super.sam',
    displayName: 'Sam Okafor',
    roles: ['supervisor', 'agent'],
    queues: ['sales', 'support', 'voice'],
    maxConcurrent: 2,
  },
  { username: 'campaigns.cam', displayName: 'Cam Richards', roles: ['campaign-manager'] },
  { username: 'catalog.cat', displayName: 'Cat Nguyen', roles: ['catalog-manager'] },
];

/** Adds the demo users that are missing; existing ones (and their passwords) are left as they are. */
export async function seedDemoUsers(
  services: { users: UserService },
  password = process.env.DEMO_USER_PASSWORD ?? DEFAULT_DEMO_USER_PASSWORD,
): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const user of demoUsers) {
    const outcome = await services.users.ensure({ ...user, password });
    (outcome.created ? created : existing).push(user.username);
  }
  return { created, existing };
}
