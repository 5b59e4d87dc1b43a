/**
 * A map from strings, looked up by where a key stands inside a longer text, without cutting
 * it out: building search documents looks up ten million words an import of 100,000
 * articles, and a Map's lookups, each on a fresh slice, were most of that time. Open
 * addressing over FNV-1a hashes of the UTF-16 code units.
 *
 * @example table.set('harbour', 7); table.get('the harbour wall', 4, 11) // 7
 */
export class ChunkTable<T> {
  private keys: string[] = [];
  private values: T[] = [];
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Per slot, the index of its key plus one; 0 for an empty slot. */
  private slots = new Int32Array(INITIAL_SLOTS);

  get size(): number {
    return this.keys.length;
  }

  /** The value of the key `text.slice(start, end)`, or undefined. */
  get(text: string, start: number, end: number): T | undefined {
    const hash = hashOf(text, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]! - 1;
      if (held === -1) return undefined;
      if (this.hashes[held] === hash && sameText(this.keys[held]!, text, start, end)) return this.values[held];
    }
  }

  /** Adds `key`, which must not be in the table yet. */
  set(key: string, value: T): void {
    if (2 * (this.keys.length + 1) > this.slots.length) this.grow();
    const index = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    if (index === this.hashes.length) {
      const hashes = new Int32Array(2 * this.hashes.length);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[index] = hashOf(key, 0, key.length);
    this.place(index);
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.hashes = new Int32Array(INITIAL_SLOTS);
    this.slots = new Int32Array(INITIAL_SLOTS);
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[index]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let index = 0; index < this.keys.length; index++) this.place(index);
  }
}

const INITIAL_SLOTS = 1024;

function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 0x01000193);
  // FNV's low bits, which pick the slot, depend on few of the input's: mix the high ones in.
  return hash ^ (hash >>> 16);
}

function sameText(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let at = 0; at < key.length; at++) if (key.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}
