/**
 * A bounded cache for a pure function of one key (a day number, a date string). Deadlines are computed
 * over and over for the same few hundred days, and formatting a day or its end-of-day instant costs more
 * than counting working days. Cleared when it grows past `limit`, so a long-running process (or a
 * workflow's own copy of this module) never holds more than a few hundred kilobytes.
 */
export function memoize<K, V>(fn: (key: K) => V, limit = 2048): (key: K) => V {
  const cache = new Map<K, V>();
  return (key: K): V => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key); // a throw (an invalid date) is never cached
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
