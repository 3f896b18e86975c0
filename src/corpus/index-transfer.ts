import type { IndexData } from '../core/search/engine/compact-minisearch.js';
import type { AnalyzedDocuments } from '../core/search/engine/index-builder.js';
import type { AnalyzedPapers } from '../core/search/index-build.js';

// What a message between `buildIndex` and its workers hands over rather than copies: its typed arrays'
// buffers (each array owns its buffer whole, so moving it moves nothing else).

/** The buffers of a batch of analysed documents. */
export function batchBuffers(documents: AnalyzedDocuments): ArrayBuffer[] {
  return [documents.keys, documents.freqs, documents.postingEnds, documents.lengths].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** The buffers of an analysed slice: its chunk offsets and both indexes' batches. */
export function sliceBuffers(analyzed: AnalyzedPapers): ArrayBuffer[] {
  const offsets = [analyzed.chunkCounts, analyzed.starts, analyzed.ends].map((array) => array.buffer as ArrayBuffer);
  return [...offsets, ...batchBuffers(analyzed.chunks), ...batchBuffers(analyzed.lookup)];
}

/** The buffers of a finished index's flat arrays. */
export function indexBuffers(data: IndexData): ArrayBuffer[] {
  return [data.fieldLength, data.counts, data.docs, data.freqs].map((array) => array.buffer as ArrayBuffer);
}
