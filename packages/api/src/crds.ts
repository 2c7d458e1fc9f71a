// CustomResourceDefinition objects (apiextensions.k8s.io/v1) built from the zod schemas and the resource
// constants. Pure: hack/gen-crds.ts serialises them to crds/*.yaml.
import { z } from "zod";
import { kinds } from "./registry.js";
import type { KindEntry } from "./registry.js";

type JSONSchema = Record<string, unknown>;

/** Integer bounds zod adds for `.int()` and our int32/int64 helpers: implied by the format, not emitted. */
const impliedBounds = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2147483647, -2147483648]);

/** Keys a structural schema node may carry; anything else zod emits is dropped. */
const allowedKeys = new Set([
  "type",
  "description",
  "properties",
  "required",
  "items",
  "additionalProperties",
  "enum",
  "default",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "nullable",
  "x-kubernetes-validations",
  "x-kubernetes-list-type",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-map-type",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-int-or-string",
]);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * Turns zod's JSON Schema into a structural OpenAPI v3 schema: every node typed, no $ref/anyOf, no
 * zod-only keys, implied integer bounds removed, `additionalProperties: {}` (loose objects) turned into
 * `x-kubernetes-preserve-unknown-fields`, and `properties`/`required` sorted for a stable output.
 */
export function structural(node: JSONSchema, path = "<root>"): JSONSchema {
  if ("$ref" in node || "anyOf" in node || "oneOf" in node || "allOf" in node || "not" in node) {
    throw new Error(`${path}: not representable as a structural schema: ${JSON.stringify(node).slice(0, 200)}`);
  }
  const out: JSONSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!allowedKeys.has(key)) continue;
    out[key] = value;
  }
  if ("const" in node) {
    out["enum"] = [node["const"]];
    out["type"] ??= typeof node["const"];
  }
  if (out["type"] === undefined) {
    if ("properties" in node || "additionalProperties" in node) out["type"] = "object";
    else throw new Error(`${path}: schema node has no type: ${JSON.stringify(node).slice(0, 200)}`);
  }
  for (const bound of ["minimum", "maximum"] as const) {
    if (typeof out[bound] === "number" && impliedBounds.has(out[bound])) delete out[bound];
  }
  const properties = node["properties"] as Record<string, JSONSchema> | undefined;
  if (properties !== undefined) {
    out["properties"] = Object.fromEntries(
      Object.keys(properties)
        .sort()
        .map((key) => [key, structural(properties[key] ?? {}, `${path}.${key}`)]),
    );
  }
  if (out["properties"] !== undefined && Object.keys(out["properties"] as object).length === 0) delete out["properties"];
  const required = node["required"] as string[] | undefined;
  if (required !== undefined) {
    if (required.length === 0) delete out["required"];
    else out["required"] = [...required].sort();
  }
  const additional = node["additionalProperties"];
  if (typeof additional === "object" && additional !== null) {
    if (Object.keys(additional).length === 0) {
      delete out["additionalProperties"];
      out["x-kubernetes-preserve-unknown-fields"] = true;
    } else {
      out["additionalProperties"] = structural(additional as JSONSchema, `${path}.*`);
    }
  } else {
    delete out["additionalProperties"];
  }
  if (node["items"] !== undefined) out["items"] = structural(node["items"] as JSONSchema, `${path}[]`);
  return out;
}

/** The openAPIV3Schema of one kind/version: spec and status from zod; apiVersion, kind, metadata standard. */
export function openAPIV3SchemaFor(entry: KindEntry): JSONSchema {
  const generated = z.toJSONSchema(entry.schema, { io: "input", unrepresentable: "throw", target: "openapi-3.0" }) as JSONSchema;
  const properties = { ...(generated["properties"] as Record<string, JSONSchema>) };
  const result: JSONSchema = {
    type: "object",
    description: `${entry.resource.kind} (${entry.resource.apiVersion}), generated from the @metallb-ts/api zod schema.`,
    properties: {
      ...Object.fromEntries(Object.entries(properties).filter(([key]) => !["apiVersion", "kind", "metadata"].includes(key))),
    },
  };
  const body = structural(result);
  const standard = {
    apiVersion: { type: "string", description: "APIVersion defines the versioned schema of this representation of an object." },
    kind: { type: "string", description: "Kind is a string value representing the REST resource this object represents." },
    metadata: { type: "object" },
  };
  const required = ((generated["required"] as string[] | undefined) ?? []).filter((key) => key === "spec");
  return sortKeys({
    ...body,
    properties: { ...standard, ...(body["properties"] as JSONSchema) },
    ...(required.length > 0 ? { required } : {}),
  }) as JSONSchema;
}

export interface ConversionWebhook {
  namespace: string;
  name: string;
  path?: string;
  port?: number;
  caBundle?: string;
}

export interface CRDOptions {
  /**
   * Where BGPPeer's conversion webhook runs. Without it the CRD uses `strategy: None` (the API server
   * only rewrites apiVersion), so it installs and serves both versions without a running webhook.
   */
  conversionWebhook?: ConversionWebhook;
}

/** One CRD per group + plural; multi-version kinds (BGPPeer) get one version entry each. */
export function customResourceDefinitions(options: CRDOptions = {}): JSONSchema[] {
  const groups = new Map<string, KindEntry[]>();
  for (const entry of kinds.filter((k) => k.crd)) {
    const key = `${entry.resource.plural}.${entry.resource.group}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, entries]) => {
      const first = entries[0];
      if (first === undefined) throw new Error(`no versions for ${name}`);
      const r = first.resource;
      const versions = [...entries]
        .sort((a, b) => (a.resource.version < b.resource.version ? -1 : 1))
        .map((entry) => {
          const v = entry.resource;
          return {
            name: v.version,
            served: v.served,
            storage: v.storage,
            ...(v.deprecated ? { deprecated: true, deprecationWarning: v.deprecationWarning } : {}),
            ...(v.printerColumns.length > 0
              ? {
                  additionalPrinterColumns: v.printerColumns.map((c) => ({
                    name: c.name,
                    type: c.type,
                    jsonPath: c.jsonPath,
                    ...(c.priority === undefined ? {} : { priority: c.priority }),
                    ...(c.description === undefined ? {} : { description: c.description }),
                  })),
                }
              : {}),
            schema: { openAPIV3Schema: openAPIV3SchemaFor(entry) },
            ...(v.subresources.status ? { subresources: { status: {} } } : {}),
          };
        });
      const webhook = options.conversionWebhook;
      const conversion =
        versions.length > 1
          ? webhook === undefined
            ? { conversion: { strategy: "None" } }
            : {
                conversion: {
                  strategy: "Webhook",
                  webhook: {
                    conversionReviewVersions: ["v1"],
                    clientConfig: {
                      service: { namespace: webhook.namespace, name: webhook.name, path: webhook.path ?? "/convert", port: webhook.port ?? 443 },
                      ...(webhook.caBundle === undefined ? {} : { caBundle: webhook.caBundle }),
                    },
                  },
                },
              }
          : {};
      return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name },
        spec: {
          group: r.group,
          names: {
            kind: r.kind,
            listKind: r.listKind,
            plural: r.plural,
            singular: r.singular,
            ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
            ...(r.categories.length > 0 ? { categories: [...r.categories] } : {}),
          },
          scope: r.namespaced ? "Namespaced" : "Cluster",
          ...conversion,
          versions,
        },
      };
    });
}
