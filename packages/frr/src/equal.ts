// Equality of FRR models, so the daemon can skip applying a configuration FRR already runs.
// Models from apiToFRR are normalised, so structural equality is rendering equality.
import type { FRRConfig } from "./model.js";

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && deepEqual((a as Record<string, unknown>)[k], bo[k]));
}

export function configsEqual(a: FRRConfig, b: FRRConfig): boolean {
  return deepEqual(a, b);
}
