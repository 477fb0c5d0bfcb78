// Where the embedded store lives, without loading a database driver (the CLI names the folder in its
// messages before it knows whether it opens the store at all).
import { join } from 'node:path';

export const STORE_DIR_NAME = 'store';

/** Where the embedded store lives: <dataDir>/store. */
export function storeDir(dataDir: string): string {
  return join(dataDir, STORE_DIR_NAME);
}
