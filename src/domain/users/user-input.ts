import { z } from 'zod';
import { staffRoles } from './user';

/** Lower-case letters, digits, dots, dashes and underscores: `agent.alex`, `super.sam`. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'use 2-63 letters, digits, dots, dashes or underscores');

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(120),
  roles: z.array(z.enum(staffRoles)).min(1),
  password: z.string().min(12, 'passwords need at least 12 characters').max(256),
  queues: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  maxConcurrent: z.number().int().min(1).max(50).default(3),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const signInSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(63),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.input<typeof signInSchema>;
