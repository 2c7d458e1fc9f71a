// Plain-JSON helpers shared by the fake client's SSA emulation and merge patches.

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: null deletes, objects merge recursively, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: JsonObject = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Leaf paths of a JSON value; lists and empty objects are leaves (lists are treated as atomic). */
export function leafPaths(value: unknown, prefix: readonly string[] = []): string[][] {
  if (!isPlainObject(value) || (Object.keys(value).length === 0 && prefix.length > 0)) return [[...prefix]];
  return Object.entries(value).flatMap(([key, child]) => (child === undefined ? [] : leafPaths(child, [...prefix, key])));
}

export function getPath(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const segment of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[segment];
  }
  return cur;
}

/** Removes the field at `path`, then any parent objects that became empty (not the root's direct children). */
export function deletePath(root: JsonObject, path: readonly string[]): void {
  const parents: JsonObject[] = [];
  let cur: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(cur)) return;
    parents.push(cur);
    cur = cur[segment];
  }
  if (!isPlainObject(cur)) return;
  delete cur[path[path.length - 1] as string];
  for (let i = path.length - 2; i >= 1; i--) {
    const child = getPath(root, path.slice(0, i + 1));
    const parent = parents[i];
    if (isPlainObject(child) && Object.keys(child).length === 0 && parent) delete parent[path[i] as string];
    else break;
  }
}

/** Deep merge for apply: objects merge, lists and scalars from `patch` replace, undefined is skipped. */
export function mergeApplied(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: JsonObject = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    result[key] = mergeApplied(result[key], value);
  }
  return result;
}
