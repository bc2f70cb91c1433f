import { createHash, timingSafeEqual } from 'node:crypto';
import { roles } from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';

export interface ApiKey {
  name: string;
  role: Role;
  /** SHA-256 of the secret: comparisons stay constant-time and the secret is not kept around. */
  secretDigest: Buffer;
}

/** `API_KEYS="crm:system:s3cret,catalog-tool:catalog-manager:0ther"`; throws a readable message. */
export function parseApiKeys(value: string): ApiKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const [name, role, ...secretParts] = entry.split(':');
    const secret = secretParts.join(':');
    if (!name || !role || !secret) {
      throw new Error(`entry ${index + 1} must be name:role:secret`);
    }
    if (!(roles as readonly string[]).includes(role)) {
      throw new Error(
        `entry ${index + 1} (${name}) has unknown role "${role}"; roles: ${roles.join(', ')}`,
      );
    }
    if (secret.length < 16)
      throw new Error(`entry ${index + 1} (${name}) needs a secret of at least 16 characters`);
    if (names.has(name)) throw new Error(`entry ${index + 1}: the name "${name}" is used twice`);
    names.add(name);
    return { name, role: role as Role, secretDigest: digest(secret) };
  });
}

export function findApiKey(keys: ApiKey[], presented: string): Principal | undefined {
  const presentedDigest = digest(presented);
  let match: ApiKey | undefined;
  // Every key is compared, so the time taken does not reveal which one matched.
  for (const key of keys) {
    if (timingSafeEqual(key.secretDigest, presentedDigest)) match = key;
  }
  return match ? { kind: 'api-key', id: match.name, roles: [match.role] } : undefined;
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
