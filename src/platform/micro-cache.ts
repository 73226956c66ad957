/**
 * A micro-cache: remembers a loader's answer for a short time (default 1 s) and shares one in-flight
 * load between concurrent callers. Under load a hot page costs one database round trip per second,
 * while data is never more than `ttlMs` stale — across processes too, since nothing needs invalidating.
 */
export interface MicroCache<V> {
  get(key: string, load: () => Promise<V>): Promise<V>;
  clear(): void;
}

export function microCache<V>(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): MicroCache<V> {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { expires: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const hit = entries.get(key);
      const time = now();
      if (hit && hit.expires > time) return hit.value;
      if (entries.size >= maxEntries) {
        for (const [k, entry] of entries) if (entry.expires <= time) entries.delete(k);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      }
      const value = load();
      entries.set(key, { expires: time + ttlMs, value });
      // A failed load is not remembered.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
