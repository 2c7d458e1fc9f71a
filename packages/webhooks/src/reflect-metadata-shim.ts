// @peculiar/x509 pulls in tsyringe, which refuses to load without the Reflect metadata API
// ("reflect-metadata"), a package that is not installed here. tsyringe only reads constructor
// parameter types through it, which @peculiar/x509 never declares; this minimal WeakMap-backed
// stand-in is enough. Install it before @peculiar/x509 is loaded. (Request: add reflect-metadata instead.)
type MetadataKey = unknown;
const store = new WeakMap<object, Map<MetadataKey, unknown>>();
const reflect = Reflect as unknown as Record<string, unknown>;

/** Idempotent; a real reflect-metadata, when present, is left alone. */
export function installReflectMetadata(): void {
  if (typeof reflect["getMetadata"] === "function") return;
  const mapFor = (target: object): Map<MetadataKey, unknown> => {
    let map = store.get(target);
    if (map === undefined) {
      map = new Map();
      store.set(target, map);
    }
    return map;
  };
  const lookup = (key: MetadataKey, target: object): unknown => {
    for (let t: object | null = target; t !== null; t = Object.getPrototypeOf(t) as object | null) {
      const map = store.get(t);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
  reflect["defineMetadata"] = (key: MetadataKey, value: unknown, target: object): void => void mapFor(target).set(key, value);
  reflect["getMetadata"] = (key: MetadataKey, target: object): unknown => lookup(key, target);
  reflect["getOwnMetadata"] = (key: MetadataKey, target: object): unknown => store.get(target)?.get(key);
  reflect["hasMetadata"] = (key: MetadataKey, target: object): boolean => lookup(key, target) !== undefined;
  reflect["metadata"] = (key: MetadataKey, value: unknown) => (target: object): void => void mapFor(target).set(key, value);
}
