/**
 * A constant table keyed by words that come from input (type names, adapter names, folder names). A
 * plain object literal would also answer `__proto__`, `constructor` or `toString` with Object.prototype's
 * members, so a manifest whose adapter_type is "constructor", or a column of type `constructor`, would
 * read a function as a table entry. A null-prototype copy has only its own keys.
 */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** An empty map-like object for keys read from input (see lookupTable), to fill before freezing. */
export function emptyLookupTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
