import fs from 'node:fs';
import path from 'node:path';

/**
 * One embedded server owns a data directory. Its address is written beside the data so that a
 * second process in development (`npm run worker` next to `npm start`) joins that server instead
 * of opening the same files twice.
 */
export interface EmbeddedOwner {
  pid: number;
  uri: string;
}

const LOCK_FILE = 'embedded-server.json';

export function readLiveOwner(dataDir: string): EmbeddedOwner | undefined {
  const file = path.join(dataDir, LOCK_FILE);
  let owner: EmbeddedOwner;
  try {
    owner = JSON.parse(fs.readFileSync(file, 'utf8')) as EmbeddedOwner;
  } catch {
    return undefined;
  }
  if (owner.pid === process.pid || !isAlive(owner.pid) || !owner.uri.startsWith('mongodb://')) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  return owner;
}

/** Claims the directory; false when another live process claimed it first. */
export function claimOwnership(dataDir: string, uri: string): boolean {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, uri }), {
      flag: 'wx',
    });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Replaces the placeholder written by `claimOwnership` once the server listens. */
export function publishOwnerAddress(dataDir: string, uri: string): void {
  fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, uri }));
}

export function releaseOwnership(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as EmbeddedOwner;
    if (owner.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
