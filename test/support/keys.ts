// The one test key ring: every test client and worker encrypts with it (as production does with its
// own keys), so tests run what production runs. Never a production key.
import { jeugdflowDataConverter, KeyRing } from '../../security/index.ts';

export const TEST_KEY_LINE = `test-2026:${Buffer.alloc(32, 7).toString('base64')}`;
export const testKeys = KeyRing.parse(TEST_KEY_LINE, 'the test key');
/** The data converter of every test client and worker. */
export const testDataConverter = jeugdflowDataConverter(testKeys);
/** Environment for child processes (CLI, worker) that must use the test key. */
export const TEST_KEY_ENV = { JEUGDFLOW_KEYS: TEST_KEY_LINE } as const;
