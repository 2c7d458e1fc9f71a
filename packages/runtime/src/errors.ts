// API server failures mapped to our own error kinds by HTTP code, so callers branch on `kind` (or
// instanceof) instead of on numbers: 404 -> gone from the cluster, 409 -> re-read and retry, 410 -> relist.

/** The part of a metav1.Status body we use. */
export interface KubeStatus {
  readonly kind?: string | undefined;
  readonly code?: number | undefined;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly details?:
    | {
        readonly name?: string | undefined;
        readonly kind?: string | undefined;
        readonly causes?: readonly { readonly field?: string; readonly message?: string; readonly reason?: string }[] | undefined;
        readonly retryAfterSeconds?: number | undefined;
      }
    | undefined;
}

/** What a request was about, for error messages: "apply Service demo/web". */
export interface RequestTarget {
  readonly verb: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

export function describeTarget(target: RequestTarget): string {
  const ref = target.name === undefined ? "" : target.namespace ? ` ${target.namespace}/${target.name}` : ` ${target.name}`;
  const scope = target.name === undefined && target.namespace ? ` in namespace ${target.namespace}` : "";
  return `${target.verb} ${target.kind}${ref}${scope}`;
}

export const KubeErrorKind = {
  notFound: "not-found",
  conflict: "conflict",
  gone: "gone",
  invalid: "invalid",
  unavailable: "unavailable",
  forbidden: "forbidden",
  badRequest: "bad-request",
  unknown: "unknown",
} as const;
export type KubeErrorKind = (typeof KubeErrorKind)[keyof typeof KubeErrorKind];

/** A failed API request. `code` is the HTTP status (0 when the server was never reached). */
export class KubeApiError extends Error {
  override name = "KubeApiError";
  readonly kind: KubeErrorKind = KubeErrorKind.unknown;
  constructor(
    message: string,
    readonly code: number,
    readonly target: RequestTarget,
    readonly status?: KubeStatus,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** The Status reason ("NotFound", "AlreadyExists", "Conflict", "Expired", ...), when the server sent one. */
  get reason(): string | undefined {
    return this.status?.reason;
  }
}

export class NotFoundError extends KubeApiError {
  override name = "NotFoundError";
  override readonly kind = KubeErrorKind.notFound;
}

/** 409: AlreadyExists on create, Conflict on a stale resourceVersion or an SSA field conflict. */
export class ConflictError extends KubeApiError {
  override name = "ConflictError";
  override readonly kind = KubeErrorKind.conflict;
  get alreadyExists(): boolean {
    return this.reason === "AlreadyExists";
  }
}

/** 410 (or a watch ERROR with code 410): the resourceVersion is too old; the caller must relist. */
export class GoneError extends KubeApiError {
  override name = "GoneError";
  override readonly kind = KubeErrorKind.gone;
}

/** 422: the object was rejected by validation (schema, webhook, immutable field). */
export class InvalidError extends KubeApiError {
  override name = "InvalidError";
  override readonly kind = KubeErrorKind.invalid;
  /** Field-level causes as the server reported them. */
  get causes(): readonly { field?: string; message?: string }[] {
    return this.status?.details?.causes ?? [];
  }
}

/** 429, 5xx, timeouts and network failures: retry later. */
export class UnavailableError extends KubeApiError {
  override name = "UnavailableError";
  override readonly kind = KubeErrorKind.unavailable;
  get retryAfterSeconds(): number | undefined {
    return this.status?.details?.retryAfterSeconds;
  }
}

/** 401 / 403: RBAC or credentials; retrying will not help until someone fixes them. */
export class ForbiddenError extends KubeApiError {
  override name = "ForbiddenError";
  override readonly kind = KubeErrorKind.forbidden;
}

export class BadRequestError extends KubeApiError {
  override name = "BadRequestError";
  override readonly kind = KubeErrorKind.badRequest;
}

/** Maps an HTTP status code (and optional Status body) to the matching error class. */
export function kubeErrorFromStatus(code: number, target: RequestTarget, status?: KubeStatus, cause?: unknown): KubeApiError {
  const detail = status?.message ?? status?.reason ?? `HTTP ${code}`;
  const message = `${describeTarget(target)}: ${detail}`;
  const options = cause === undefined ? undefined : { cause };
  if (code === 404) return new NotFoundError(message, code, target, status, options);
  if (code === 409) return new ConflictError(message, code, target, status, options);
  if (code === 410) return new GoneError(message, code, target, status, options);
  if (code === 422) return new InvalidError(message, code, target, status, options);
  if (code === 401 || code === 403) return new ForbiddenError(message, code, target, status, options);
  if (code === 400) return new BadRequestError(message, code, target, status, options);
  if (code === 0 || code === 408 || code === 429 || code >= 500) return new UnavailableError(message, code, target, status, options);
  return new KubeApiError(message, code, target, status, options);
}

export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof NotFoundError;
}

export function isConflict(err: unknown): err is ConflictError {
  return err instanceof ConflictError;
}

/** Returns undefined for a NotFoundError and rethrows anything else: `await ignoreNotFound(client.delete(...))`. */
export async function ignoreNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** An object from the API server that does not satisfy the zod schema its resource was declared with. */
export class InvalidObjectError extends Error {
  override name = "InvalidObjectError";
  readonly kind = "invalid-object" as const;
  constructor(
    readonly objectKind: string,
    readonly namespace: string | undefined,
    readonly objectName: string,
    /** zod issues flattened to path + message. */
    readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
  ) {
    const ref = namespace ? `${namespace}/${objectName}` : objectName;
    const detail = issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
    super(`invalid ${objectKind} ${ref}: ${detail}`);
  }
}

/** A write attempted by a replica that does not hold the leader Lease. */
export class NotLeaderError extends Error {
  override name = "NotLeaderError";
  readonly kind = "not-leader" as const;
  constructor(readonly target: RequestTarget) {
    super(`${describeTarget(target)}: refused, this replica is not the leader`);
  }
}
