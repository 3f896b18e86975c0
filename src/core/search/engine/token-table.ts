import { grown } from './grown.js';

/**
 * The distinct tokens (words as written) an index build has met, numbered 0, 1, 2… in order of first
 * sight and found by a range of a text and its hash, so a token met before costs no string: an
 * open-addressing table of ids, compared code unit by code unit against one flat copy of every token's
 * units (reading each token's own string instead doubled the time of a lookup). Hashes come from `hashWord`.
 * @example const id = table.idOf(text, start, end, hashWord(text, start, end)); table.tokens[id]
 */
export class TokenTable {
  /** The tokens by id. */
  readonly tokens: string[] = [];
  private hashes = new Int32Array(1024);
  /** Per token, where its code units start in `units`; one more entry ends the last. */
  private offsets = new Int32Array(1025);
  private units = new Uint16Array(8192);
  /** Token id + 1 per slot, 0 for an empty one; at most half full. */
  private slots = new Int32Array(2048);

  /** The id of the token `text[start, end)` (of hash `hash`), added as the next id when it is new. */
  idOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return this.insert(slot, text.slice(start, end), hash);
      if (this.hashes[id] !== hash) continue;
      const at = this.offsets[id]!;
      if (this.offsets[id + 1]! - at === length && this.sameUnits(at, text, start, length)) return id;
    }
  }

  private insert(slot: number, token: string, hash: number): number {
    const id = this.tokens.push(token) - 1;
    this.hashes = grown(this.hashes, id + 1, 2);
    this.offsets = grown(this.offsets, id + 2, 2);
    this.hashes[id] = hash;
    const at = this.offsets[id]!;
    this.units = grown(this.units, at + token.length, 2);
    for (let i = 0; i < token.length; i++) this.units[at + i] = token.charCodeAt(i);
    this.offsets[id + 1] = at + token.length;
    this.slots[slot] = id + 1;
    if (this.tokens.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private sameUnits(at: number, text: string, start: number, length: number): boolean {
    const units = this.units;
    for (let i = 0; i < length; i++) if (units[at + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.tokens.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
