// The mail catcher in a process of its own (as in the stack: the workers are other processes): prints
// `READY <smtp url> <api url>` once it listens, then runs until killed. JF_CATCHER_DIR: where it stores.
// Run: node --import tsx test/mail/catcherProcess.ts
import { startMailCatcher } from '../../mail/catcher.ts';

const catcher = await startMailCatcher({ port: 0, apiPort: 0, store: process.env.JF_CATCHER_DIR! });
process.stdout.write(`READY ${catcher.url} ${catcher.apiUrl!}\n`);
const stop = () => void catcher.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
