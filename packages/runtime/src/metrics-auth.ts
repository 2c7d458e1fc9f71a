// Kubernetes authentication and authorisation of scrapers (spec metallb.md §6, frr-k8s.md §7.1): the
// bearer token is checked with a TokenReview, then the user it names must be allowed `get` on the
// non-resource URL (/metrics) by a SubjectAccessReview, as kube-rbac-proxy and controller-runtime's
// metrics filter do. It fails closed: when the API server cannot be asked, the scrape is refused (503).
//
// Decisions are cached per token for a few seconds (Prometheus scrapes every 15-60 s with the same
// token) under the token's SHA-256, never the token itself, in a bounded LRU map so that a flood of
// random tokens cannot grow memory.
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { systemClock, type Clock } from "./clock.js";
import type { KubeClient } from "./kube-client.js";
import type { Logger } from "./logger.js";
import { defineResource, type KubeObject } from "./resources.js";

/** The identity a TokenReview returns and a SubjectAccessReview asks about. */
export interface UserInfo {
  username?: string | undefined;
  uid?: string | undefined;
  groups?: string[] | undefined;
  extra?: Record<string, string[]> | undefined;
}

/** authentication.k8s.io/v1 TokenReview (create-only: the answer is in `status`). */
export interface TokenReview extends KubeObject {
  spec: { token: string; audiences?: string[] | undefined };
  status?: { authenticated?: boolean | undefined; user?: UserInfo | undefined; error?: string | undefined } | undefined;
}

/** authorization.k8s.io/v1 SubjectAccessReview (create-only: the answer is in `status`). */
export interface SubjectAccessReview extends KubeObject {
  spec: {
    user?: string | undefined;
    uid?: string | undefined;
    groups?: string[] | undefined;
    extra?: Record<string, string[]> | undefined;
    nonResourceAttributes?: { path: string; verb: string } | undefined;
    resourceAttributes?: Record<string, string> | undefined;
  };
  status?: { allowed: boolean; denied?: boolean | undefined; reason?: string | undefined; evaluationError?: string | undefined } | undefined;
}

export const TokenReviewResource = defineResource<TokenReview>({ group: "authentication.k8s.io", version: "v1", kind: "TokenReview", plural: "tokenreviews", namespaced: false });
export const SubjectAccessReviewResource = defineResource<SubjectAccessReview>({
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SubjectAccessReview",
  plural: "subjectaccessreviews",
  namespaced: false,
});

/** Whether a request may proceed; `status` is the HTTP answer when it may not. */
export type AccessDecision =
  | { readonly allowed: true; readonly user: string }
  | { readonly allowed: false; readonly status: 401 | 403 | 503; readonly reason: string };

/** What startHttpServer asks before serving a protected path. */
export interface RequestAuthorizer {
  authorize(headers: IncomingHttpHeaders): Promise<AccessDecision>;
}

export interface KubeRequestAuthorizerOptions {
  /** Only `create` is used: TokenReviews and SubjectAccessReviews. */
  readonly client: Pick<KubeClient, "create">;
  /** The non-resource URL the scraper needs `get` on. */
  readonly path: string;
  readonly log?: Logger | undefined;
  readonly clock?: Clock | undefined;
  /** How long an allowed token stays allowed without asking again. Default 10 s. */
  readonly allowedTtlMs?: number | undefined;
  /** How long a refused token (401/403) stays refused. Default 2 s: a fresh grant takes effect fast. */
  readonly deniedTtlMs?: number | undefined;
  /** Tokens remembered at most; the least recently used is forgotten first. Default 1,024. */
  readonly maxEntries?: number | undefined;
}

interface CachedDecision {
  readonly decision: AccessDecision;
  readonly expiresAt: number;
}

const unauthorized = (reason: string): AccessDecision => ({ allowed: false, status: 401, reason });

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

export class KubeRequestAuthorizer implements RequestAuthorizer {
  readonly #o: KubeRequestAuthorizerOptions;
  readonly #clock: Clock;
  readonly #maxEntries: number;
  /** SHA-256 of the token -> decision; Map order is recency (re-inserted on every hit). */
  readonly #cache = new Map<string, CachedDecision>();
  /** Reviews under way, so that concurrent scrapes with one token ask the API server once. */
  readonly #inFlight = new Map<string, Promise<AccessDecision>>();

  constructor(options: KubeRequestAuthorizerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 1024);
  }

  /** Number of cached decisions (for tests of the bound). */
  get cachedDecisions(): number {
    return this.#cache.size;
  }

  async authorize(headers: IncomingHttpHeaders): Promise<AccessDecision> {
    const token = bearerToken(headers);
    if (token === undefined) return unauthorized("no bearer token");
    const key = createHash("sha256").update(token).digest("hex");
    const cached = this.#cache.get(key);
    if (cached) {
      this.#cache.delete(key);
      if (cached.expiresAt > this.#clock.now()) {
        this.#cache.set(key, cached);
        return cached.decision;
      }
    }
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const review = this.#review(token).then((decision) => {
      this.#remember(key, decision);
      return decision;
    });
    this.#inFlight.set(key, review);
    try {
      return await review;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  #remember(key: string, decision: AccessDecision): void {
    // An unreachable API server is not an answer about the token: ask again next time.
    if (!decision.allowed && decision.status === 503) return;
    const ttl = decision.allowed ? (this.#o.allowedTtlMs ?? 10_000) : (this.#o.deniedTtlMs ?? 2_000);
    this.#cache.delete(key);
    while (this.#cache.size >= this.#maxEntries) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
    this.#cache.set(key, { decision, expiresAt: this.#clock.now() + ttl });
  }

  async #review(token: string): Promise<AccessDecision> {
    let user: UserInfo;
    try {
      const review = await this.#o.client.create(TokenReviewResource, { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", metadata: {}, spec: { token } });
      if (!review.status?.authenticated || !review.status.user?.username) return unauthorized(`token not authenticated${review.status?.error ? `: ${review.status.error}` : ""}`);
      user = review.status.user;
    } catch (err) {
      return this.#unavailable("TokenReview", err);
    }
    const username = user.username ?? "";
    try {
      const review = await this.#o.client.create(SubjectAccessReviewResource, {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        metadata: {},
        spec: {
          user: username,
          ...(user.uid ? { uid: user.uid } : {}),
          ...(user.groups ? { groups: user.groups } : {}),
          ...(user.extra ? { extra: user.extra } : {}),
          nonResourceAttributes: { path: this.#o.path, verb: "get" },
        },
      });
      if (review.status?.allowed) return { allowed: true, user: username };
      const why = review.status?.reason || review.status?.evaluationError;
      return { allowed: false, status: 403, reason: `user "${username}" may not get ${this.#o.path}${why ? `: ${why}` : ""}` };
    } catch (err) {
      return this.#unavailable("SubjectAccessReview", err);
    }
  }

  #unavailable(kind: string, err: unknown): AccessDecision {
    const message = err instanceof Error ? err.message : String(err);
    this.#o.log?.warn({ err: message, path: this.#o.path }, `${kind} failed: refusing the scrape`);
    return { allowed: false, status: 503, reason: `cannot check the scraper's token: ${kind} failed` };
  }
}
