import fc from "fast-check";
import { expect, test } from "vitest";
import { IntervalSet } from "./interval-set.js";

test("a scripted story: merge on add, split on delete", () => {
  const set = new IntervalSet();
  expect(set.firstAbsent(5n, 9n)).toBe(5n);
  for (const x of [5n, 7n, 6n]) expect(set.add(x)).toBe(true);
  expect(set.add(6n)).toBe(false);
  expect(set.intervals()).toEqual([[5n, 7n]]);
  expect(set.firstAbsent(5n, 9n)).toBe(8n);
  expect(set.firstAbsent(5n, 7n)).toBeUndefined();
  expect(set.delete(6n)).toBe(true);
  expect(set.delete(6n)).toBe(false);
  expect(set.intervals()).toEqual([
    [5n, 5n],
    [7n, 7n],
  ]);
  expect(set.firstAbsent(5n, 9n)).toBe(6n);
  expect([...set.valuesIn(0n, 100n)]).toEqual([5n, 7n]);
  expect(set.size).toBe(2n);
});

test("more intervals than one chunk holds", () => {
  const set = new IntervalSet();
  for (let i = 0n; i < 3000n; i++) set.add(i * 2n);
  expect(set.intervalCount).toBe(3000);
  for (let i = 0n; i < 3000n; i++) set.add(i * 2n + 1n);
  expect(set.intervals()).toEqual([[0n, 5999n]]);
  expect(set.firstAbsent(0n, 10_000n)).toBe(6000n);
});

test("agrees with a brute-force set for any sequence of adds and deletes", () => {
  const op = fc.record({ add: fc.boolean(), x: fc.integer({ min: 0, max: 600 }) });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 1500 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 }), (ops, a, b) => {
      const set = new IntervalSet();
      const model = new Set<number>();
      for (const { add, x } of ops) {
        const changed = add ? set.add(BigInt(x)) : set.delete(BigInt(x));
        expect(changed).toBe(add ? !model.has(x) : model.has(x));
        if (add) model.add(x);
        else model.delete(x);
      }
      expect(set.size).toBe(BigInt(model.size));
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      let want: number | undefined;
      for (let x = lo; x <= hi; x++) {
        if (!model.has(x)) {
          want = x;
          break;
        }
      }
      expect(set.firstAbsent(BigInt(lo), BigInt(hi))).toBe(want === undefined ? undefined : BigInt(want));
      expect([...set.valuesIn(BigInt(lo), BigInt(hi))]).toEqual([...model].filter((x) => x >= lo && x <= hi).sort((p, q) => p - q).map(BigInt));
      // Maximal merging: no two stored intervals touch.
      const ivs = set.intervals();
      ivs.forEach(([, end], i) => {
        const next = ivs[i + 1];
        if (next) expect(next[0] > end + 1n).toBe(true);
      });
    }),
    { numRuns: 200 },
  );
});
