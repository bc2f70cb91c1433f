import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { staffRoles } from './user';
import type { StaffRole } from './user';

export interface UserDocument {
  _id: string;
  /** Stored lower-case; unique. */
  username: string;
  displayName: string;
  roles: StaffRole[];
  passwordHash: string;
  active: boolean;
  queues: string[];
  maxConcurrent: number;
  createdAt: Date;
  lastUpdate: Date;
  lastSignInAt?: Date;
}

export type UserModel = Model<UserDocument>;

function userSchema(): Schema<UserDocument> {
  const schema = new Schema<UserDocument>(
    {
      _id: { type: String, required: true },
      username: { type: String, required: true },
      displayName: { type: String, required: true },
      roles: { type: [{ type: String, enum: staffRoles }], required: true },
      passwordHash: { type: String, required: true },
      active: { type: Boolean, required: true, default: true },
      queues: { type: [String], default: () => [] },
      maxConcurrent: { type: Number, required: true, default: 3 },
      createdAt: { type: Date, required: true },
      lastUpdate: { type: Date, required: true },
      lastSignInAt: Date,
    },
    { versionKey: false, collection: 'users' },
  );
  schema.index({ username: 1 }, { unique: true });
  return schema;
}

/** Registers the users model on one connection (never the global mongoose), once per connection. */
export function registerUserModel(connection: Connection): UserModel {
  return (
    (connection.models.User as UserModel | undefined) ??
    connection.model<UserDocument>('User', userSchema())
  );
}
