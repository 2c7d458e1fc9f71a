// Server-side-apply field ownership for the fake client, simplified: lists are atomic, and ownership is
// per (manager, operation) like managedFields: "ctrl" applying and "ctrl" updating are different owners.
import { isDeepStrictEqual } from "node:util";
import { getPath } from "../object-merge.js";

export type OwnershipScope = "main" | "status";
type Path = readonly string[];

const encode = (path: Path): string => path.join("\u0001");
const decode = (key: string): string[] => key.split("\u0001");

export function applyOwner(manager: string): string {
  return `${manager} (Apply)`;
}

export function updateOwner(manager: string): string {
  return `${manager} (Update)`;
}

export class FieldOwners {
  readonly #owners = new Map<string, Record<OwnershipScope, Set<string>>>();

  #of(owner: string): Record<OwnershipScope, Set<string>> {
    let sets = this.#owners.get(owner);
    if (!sets) this.#owners.set(owner, (sets = { main: new Set(), status: new Set() }));
    return sets;
  }

  /** Fields in `paths` owned by someone else whose applied value would change them: "<.path> (owned by x)". */
  conflicts(owner: string, scope: OwnershipScope, paths: readonly Path[], applied: unknown, current: unknown): string[] {
    const found: string[] = [];
    for (const [other, sets] of this.#owners) {
      if (other === owner) continue;
      for (const path of paths) {
        if (sets[scope].has(encode(path)) && !isDeepStrictEqual(getPath(applied, path), getPath(current, path))) {
          found.push(`.${path.join(".")} (owned by ${other})`);
        }
      }
    }
    return found;
  }

  /**
   * Records an apply by `owner` of exactly `paths`. Returns the fields it owned before, no longer applies,
   * and nobody else owns: the server removes those from the object. Applied fields leave other owners.
   */
  applied(owner: string, scope: OwnershipScope, paths: readonly Path[]): string[][] {
    const next = new Set(paths.map(encode));
    const mine = this.#of(owner);
    const dropped = [...mine[scope]].filter((p) => !next.has(p));
    for (const [other, sets] of this.#owners) if (other !== owner) for (const p of next) sets[scope].delete(p);
    mine[scope] = next;
    const stillOwned = (p: string): boolean => [...this.#owners.values()].some((sets) => sets[scope].has(p));
    return dropped.filter((p) => !stillOwned(p)).map(decode);
  }

  /** Records a non-apply write (create, update, patch): the writer takes every field it changed; removed fields lose their owners. */
  updated(owner: string, changed: Record<OwnershipScope, readonly Path[]>, removed: Record<OwnershipScope, readonly Path[]>): void {
    const mine = this.#of(owner);
    for (const scope of ["main", "status"] as const) {
      const taken = new Set(changed[scope].map(encode));
      const gone = new Set(removed[scope].map(encode));
      for (const [other, sets] of this.#owners) {
        if (other === owner) continue;
        for (const p of [...taken, ...gone]) sets[scope].delete(p);
      }
      for (const p of gone) mine[scope].delete(p);
      for (const p of taken) mine[scope].add(p);
    }
  }

  /** For assertions: owner -> owned field paths ("data.x"). */
  snapshot(): Record<string, { main: string[]; status: string[] }> {
    const out: Record<string, { main: string[]; status: string[] }> = {};
    for (const [owner, sets] of this.#owners) {
      if (sets.main.size + sets.status.size === 0) continue;
      out[owner] = { main: [...sets.main].map((p) => decode(p).join(".")).sort(), status: [...sets.status].map((p) => decode(p).join(".")).sort() };
    }
    return out;
  }
}
