// Atomic file writes: a reader (or a crash) never sees half a file.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';

/** Writes to a temp file next to `path`, fsyncs it and renames it into place. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
