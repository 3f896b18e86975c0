/** The typed arrays the index grows as it is built or changed. */
export type GrowableArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * `array` itself when it holds `size` entries, else a copy in a larger one holding at least `size`:
 * `factor` times as long (plus a little), so a run of appends copies rarely. A quarter more by default,
 * for arrays that live as long as the index; a builder's scratch arrays double.
 * @example lengths = grown(lengths, chunkCount) // at least chunkCount entries, the old ones kept
 */
export function grown<A extends GrowableArray>(array: A, size: number, factor = 1.25): A {
  if (size <= array.length) return array;
  const larger = new (array.constructor as new (length: number) => A)(
    Math.max(size, Math.ceil(array.length * factor) + 64),
  );
  larger.set(array);
  return larger;
}
