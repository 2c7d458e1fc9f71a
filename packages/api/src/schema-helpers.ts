// Building blocks shared by the kind schemas: integer ranges with the OpenAPI formats upstream's CRDs
// declare, and CEL rules that are both emitted into the CRD (`x-kubernetes-validations`) and checked
// by zod, so the API server and `parseObject` reject the same objects with the same message.
import { z } from "zod";
import { isGoDuration } from "./formats.js";

/** Key under which custom issues carry a short rule name; `parseObject` reports it as `rule`. */
export const ruleParam = "rule";

export function int(min: number, max: number, format?: "int32" | "int64") {
  const schema = z.number().int().min(min).max(max);
  return format === undefined ? schema : schema.meta({ format });
}

/** uint32 fields: upstream's controller-gen output labels them `format: int32` despite the range. */
export const uint32 = (format: "int32" | "int64" = "int32", min = 0) => int(min, 4294967295, format);

export interface CelRule<T> {
  /** CEL expression as it appears in the CRD. */
  rule: string;
  message: string;
  /** The same rule in TypeScript; absent for transition rules (oldSelf), which need the stored object. */
  check?: (value: T) => boolean;
  /** Short name reported as the issue's `rule`. */
  name: string;
}

/** Attaches CEL rules to a schema: emitted into the CRD and, where they can be, checked by zod. */
export function withCel<S extends z.ZodType>(schema: S, rules: readonly CelRule<z.output<S>>[]): S {
  const validations = rules.map(({ rule, message }) => ({ message, rule }));
  const annotated = schema.meta({ "x-kubernetes-validations": validations }) as S;
  return annotated.superRefine((value, ctx) => {
    for (const rule of rules) {
      if (rule.check !== undefined && !rule.check(value)) {
        ctx.addIssue({ code: "custom", message: rule.message, input: value, params: { [ruleParam]: `cel:${rule.name}` } });
      }
    }
  }) as S;
}

/** Transition rule `self == oldSelf`: only the API server (or a webhook with the old object) can check it. */
export function immutable<S extends z.ZodType>(schema: S, message: string): S {
  return withCel(schema, [{ rule: "self == oldSelf", message, name: "immutable" }]);
}

/** A Go `metav1.Duration` (JSON string like "90s"): the API server stores any string; Go decoding needs the format. */
export const duration = () =>
  z.string().superRefine((value, ctx) => {
    if (!isGoDuration(value)) {
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(value)} is not a valid duration (examples: "90s", "1m30s", "500ms")`,
        input: value,
        params: { [ruleParam]: "duration" },
      });
    }
  });

/** A string checked by `problem` (returns why it is invalid) without changing the generated CRD. */
export function checkedString(rule: string, problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const why = problem(value);
    if (why !== undefined) {
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} ${why}`, input: value, params: { [ruleParam]: rule } });
    }
  });
}
