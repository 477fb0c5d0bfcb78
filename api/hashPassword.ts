// Prints an scrypt hash for a users file: `npx tsx api/hashPassword.ts` (reads the password from stdin,
// so it stays out of the shell history), or `npx tsx api/hashPassword.ts --password <pw>`.
import { hashPassword } from './users.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const flag = process.argv.indexOf('--password');
const password = flag >= 0 ? process.argv[flag + 1] : await readStdin();
if (!password || password.length < 12) {
  process.stderr.write('hashPassword: give a password of at least 12 characters (stdin or --password)\n');
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
