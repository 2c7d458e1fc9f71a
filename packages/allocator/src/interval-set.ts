// A set of bigints stored as sorted, disjoint, maximally merged closed intervals [start, end].
//
// Intervals live in chunks of at most MAX_CHUNK entries (a two-level sorted list), so a lookup is two
// binary searches (O(log n)) and an insertion or removal moves at most MAX_CHUNK entries, never the whole
// list. Because neighbouring intervals are always merged, the smallest member-free value at or after x
// is found with one lookup: either x itself or the end of x's interval plus one.

const MAX_CHUNK = 256;

interface Chunk {
  starts: bigint[];
  ends: bigint[];
}

/** Position of an interval: chunk index and index inside the chunk. */
interface Position {
  c: number;
  i: number;
}

export class IntervalSet {
  #chunks: Chunk[] = [];
  #size = 0n;
  #intervals = 0;

  /** Number of members. */
  get size(): bigint {
    return this.#size;
  }

  /** Number of stored intervals (for tests and memory estimates). */
  get intervalCount(): number {
    return this.#intervals;
  }

  has(x: bigint): boolean {
    const p = this.#floor(x);
    return p !== undefined && this.#end(p) >= x;
  }

  /** Adds x; returns false when it was already a member. */
  add(x: bigint): boolean {
    const p = this.#floor(x);
    if (p !== undefined && this.#end(p) >= x) return false;
    const q = p === undefined ? this.#first() : this.#next(p);
    const joinsLeft = p !== undefined && this.#end(p) + 1n === x;
    const joinsRight = q !== undefined && this.#start(q) === x + 1n;
    if (joinsLeft && joinsRight) {
      this.#setEnd(p, this.#end(q));
      this.#remove(q);
    } else if (joinsLeft) {
      this.#setEnd(p, x);
    } else if (joinsRight) {
      (this.#chunks[q.c] as Chunk).starts[q.i] = x;
    } else {
      this.#insertAfter(p, x, x);
    }
    this.#size++;
    return true;
  }

  /** Removes x; returns false when it was not a member. */
  delete(x: bigint): boolean {
    const p = this.#floor(x);
    if (p === undefined) return false;
    const start = this.#start(p);
    const end = this.#end(p);
    if (end < x) return false;
    if (start === x && end === x) this.#remove(p);
    else if (start === x) (this.#chunks[p.c] as Chunk).starts[p.i] = x + 1n;
    else if (end === x) this.#setEnd(p, x - 1n);
    else {
      this.#setEnd(p, x - 1n);
      this.#insertAfter(p, x + 1n, end);
    }
    this.#size--;
    return true;
  }

  /** The smallest value in [lo, hi] that is not a member, or undefined when all are members. */
  firstAbsent(lo: bigint, hi: bigint): bigint | undefined {
    if (lo > hi) return undefined;
    const p = this.#floor(lo);
    const x = p !== undefined && this.#end(p) >= lo ? this.#end(p) + 1n : lo;
    return x <= hi ? x : undefined;
  }

  /** Members in [lo, hi], ascending. */
  *valuesIn(lo: bigint, hi: bigint): Generator<bigint> {
    let p = this.#floor(lo) ?? this.#first();
    while (p !== undefined) {
      const start = this.#start(p);
      if (start > hi) return;
      const end = this.#end(p);
      for (let v = start > lo ? start : lo; v <= end && v <= hi; v++) yield v;
      p = this.#next(p);
    }
  }

  /** All intervals, ascending (tests, debugging). */
  intervals(): [bigint, bigint][] {
    const out: [bigint, bigint][] = [];
    for (const chunk of this.#chunks) chunk.starts.forEach((s, i) => out.push([s, chunk.ends[i] as bigint]));
    return out;
  }

  #start(p: Position): bigint {
    return (this.#chunks[p.c] as Chunk).starts[p.i] as bigint;
  }

  #end(p: Position): bigint {
    return (this.#chunks[p.c] as Chunk).ends[p.i] as bigint;
  }

  #setEnd(p: Position, v: bigint): void {
    (this.#chunks[p.c] as Chunk).ends[p.i] = v;
  }

  #first(): Position | undefined {
    return this.#chunks.length > 0 ? { c: 0, i: 0 } : undefined;
  }

  #next(p: Position): Position | undefined {
    const chunk = this.#chunks[p.c] as Chunk;
    if (p.i + 1 < chunk.starts.length) return { c: p.c, i: p.i + 1 };
    return p.c + 1 < this.#chunks.length ? { c: p.c + 1, i: 0 } : undefined;
  }

  /** The interval with the greatest start <= x. */
  #floor(x: bigint): Position | undefined {
    const chunks = this.#chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    let c = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (((chunks[mid] as Chunk).starts[0] as bigint) <= x) {
        c = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (c < 0) return undefined;
    const starts = (chunks[c] as Chunk).starts;
    lo = 0;
    hi = starts.length - 1;
    let i = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as bigint) <= x) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return { c, i };
  }

  /** Inserts [start, end] right after p (or first when p is undefined). */
  #insertAfter(p: Position | undefined, start: bigint, end: bigint): void {
    this.#intervals++;
    if (this.#chunks.length === 0) {
      this.#chunks.push({ starts: [start], ends: [end] });
      return;
    }
    const c = p?.c ?? 0;
    const i = p === undefined ? 0 : p.i + 1;
    const chunk = this.#chunks[c] as Chunk;
    chunk.starts.splice(i, 0, start);
    chunk.ends.splice(i, 0, end);
    if (chunk.starts.length > MAX_CHUNK) {
      const half = chunk.starts.length >>> 1;
      this.#chunks.splice(c + 1, 0, { starts: chunk.starts.splice(half), ends: chunk.ends.splice(half) });
    }
  }

  #remove(p: Position): void {
    this.#intervals--;
    const chunk = this.#chunks[p.c] as Chunk;
    chunk.starts.splice(p.i, 1);
    chunk.ends.splice(p.i, 1);
    if (chunk.starts.length === 0) this.#chunks.splice(p.c, 1);
  }
}
