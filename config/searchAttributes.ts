// Registers jeugdflow's custom search attributes (the keys live in workflows/searchAttributes.ts,
// which workflow code imports) through the operator service. Idempotent: existing ones are kept,
// a name that exists with another type is an error.
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/searchAttributes.ts';

export const JEUGDFLOW_SEARCH_ATTRIBUTES: readonly { name: string; type: SearchAttributeType }[] = SEARCH_ATTRIBUTE_KEYS;

/** temporal.api.enums.v1.IndexedValueType, the operator service's wire values. */
const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

const GRPC_ALREADY_EXISTS = 6;
const GRPC_UNIMPLEMENTED = 12;

async function listCustom(connection: Connection, namespace: string): Promise<Map<string, number>> {
  const res = await connection.operatorService.listSearchAttributes({ namespace });
  return new Map(Object.entries(res.customAttributes ?? {}).map(([name, type]) => [name, Number(type)]));
}

/**
 * Adds the missing jeugdflow search attributes to `namespace` and waits until the server lists them.
 * Resolves with the names it added (empty when all were there). Throws when the operator service
 * refuses (e.g. a managed cluster without the permission) or a name exists with another type.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  opts: { timeoutMs?: number } = {},
): Promise<{ added: string[] }> {
  const wanted = new Map(JEUGDFLOW_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]]));
  let existing: Map<string, number>;
  try {
    existing = await listCustom(connection, namespace);
  } catch (err) {
    if (!(isGrpcServiceError(err) && err.code === GRPC_UNIMPLEMENTED)) throw err;
    // The Java time-skipping test server can add search attributes but not list them.
    return addOneByOne(connection, namespace, wanted);
  }

  const clash = [...wanted].filter(([name, type]) => existing.has(name) && existing.get(name) !== type);
  if (clash.length > 0) {
    const names = JEUGDFLOW_SEARCH_ATTRIBUTES.filter((k) => clash.some(([name]) => name === k.name)).map((k) => `${k.name} (needs ${k.type})`);
    throw new Error(`Search attributes exist in namespace '${namespace}' with another type: ${names.join(', ')}`);
  }

  const missing = [...wanted].filter(([name]) => !existing.has(name));
  if (missing.length === 0) return { added: [] };
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing) });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }

  // Adding is asynchronous on some servers: wait until every attribute is listed.
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const now = await listCustom(connection, namespace);
    if (missing.every(([name]) => now.has(name))) break;
    if (Date.now() > deadline) throw new Error(`Search attributes not visible after registering: ${missing.map(([n]) => n).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { added: missing.map(([name]) => name) };
}

function isAlreadyExists(err: unknown): boolean {
  return isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS;
}

async function addOneByOne(connection: Connection, namespace: string, wanted: Map<string, number>): Promise<{ added: string[] }> {
  const added: string[] = [];
  for (const [name, type] of wanted) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [name]: type } });
      added.push(name);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  return { added };
}
