import { request } from "node:https";
import { Gauge, Registry } from "prom-client";
import { afterEach, describe, expect, test } from "vitest";
import { generateSelfSignedServingCert } from "./certs.js";
import { UnavailableError } from "./errors.js";
import { HealthChecks, startHttpServer, type RunningHttpServer } from "./http-server.js";
import { KubeRequestAuthorizer, SubjectAccessReviewResource, TokenReviewResource, bearerToken, type SubjectAccessReview, type TokenReview, type UserInfo } from "./metrics-auth.js";
import { FakeKubeClient, ManualClock, recordingLogger, silentLogger } from "./testing/index.js";

/** A tiny API server: tokens it knows, and the users allowed to get /metrics. */
function fakeApiServer(tokens: Record<string, UserInfo>, allowedUsers: readonly string[]) {
  const client = new FakeKubeClient();
  const asked = { tokenReviews: 0, accessReviews: [] as SubjectAccessReview["spec"][] };
  client.answerCreates(TokenReviewResource, (review: TokenReview) => {
    asked.tokenReviews++;
    const user = tokens[review.spec.token];
    return { ...review, status: user ? { authenticated: true, user } : { authenticated: false, error: "invalid bearer token" } };
  });
  client.answerCreates(SubjectAccessReviewResource, (review: SubjectAccessReview) => {
    asked.accessReviews.push(review.spec);
    const allowed = allowedUsers.includes(review.spec.user ?? "") && review.spec.nonResourceAttributes?.path === "/metrics" && review.spec.nonResourceAttributes.verb === "get";
    return { ...review, status: allowed ? { allowed: true } : { allowed: false, reason: "no RBAC policy matched" } };
  });
  return { client, asked };
}

const SCRAPER: UserInfo = { username: "system:serviceaccount:monitoring:prometheus", uid: "u-1", groups: ["system:serviceaccounts", "system:authenticated"], extra: { "authentication.kubernetes.io/pod-name": ["prometheus-0"] } };
const OTHER: UserInfo = { username: "system:serviceaccount:default:app", groups: ["system:authenticated"] };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function authorizer(clock = new ManualClock(), maxEntries?: number) {
  const api = fakeApiServer({ scraper: SCRAPER, other: OTHER }, [SCRAPER.username ?? ""]);
  const auth = new KubeRequestAuthorizer({ client: api.client, path: "/metrics", clock, log: silentLogger(), ...(maxEntries ? { maxEntries } : {}) });
  return { auth, api, clock };
}

describe("bearerToken", () => {
  test.for([
    { header: "Bearer abc.def", token: "abc.def" },
    { header: "bearer  abc", token: "abc" },
    { header: "Basic dXNlcjpwdw==", token: undefined },
    { header: "Bearer ", token: undefined },
    { header: "Bearer a b", token: undefined },
    { header: undefined, token: undefined },
  ])("$header -> $token", ({ header, token }) => {
    expect(bearerToken(header === undefined ? {} : { authorization: header })).toBe(token);
  });
});

describe("KubeRequestAuthorizer", () => {
  test.for([
    { name: "no Authorization header", headers: {}, decision: { allowed: false, status: 401 }, tokenReviews: 0 },
    { name: "not a bearer token", headers: { authorization: "Basic dXNlcjpwdw==" }, decision: { allowed: false, status: 401 }, tokenReviews: 0 },
    { name: "a token the API server does not know", headers: bearer("forged"), decision: { allowed: false, status: 401, reason: "token not authenticated: invalid bearer token" }, tokenReviews: 1 },
    { name: "a user without get on /metrics", headers: bearer("other"), decision: { allowed: false, status: 403, reason: `user "${OTHER.username}" may not get /metrics: no RBAC policy matched` }, tokenReviews: 1 },
    { name: "the scraper", headers: bearer("scraper"), decision: { allowed: true, user: SCRAPER.username }, tokenReviews: 1 },
  ])("$name", async ({ headers, decision, tokenReviews }) => {
    const { auth, api } = authorizer();
    expect(await auth.authorize(headers)).toMatchObject(decision);
    expect(api.asked.tokenReviews).toBe(tokenReviews);
  });

  test("the SubjectAccessReview carries the whole identity and asks get on the non-resource URL", async () => {
    const { auth, api } = authorizer();
    await auth.authorize(bearer("scraper"));
    expect(api.asked.accessReviews).toEqual([
      { user: SCRAPER.username, uid: SCRAPER.uid, groups: SCRAPER.groups, extra: SCRAPER.extra, nonResourceAttributes: { path: "/metrics", verb: "get" } },
    ]);
  });

  test.for([
    { name: "TokenReview", resource: TokenReviewResource },
    { name: "SubjectAccessReview", resource: SubjectAccessReviewResource },
  ])("an unreachable API server ($name) refuses with 503, is logged and not remembered", async ({ resource }) => {
    const { logger, entries } = recordingLogger();
    const api = fakeApiServer({ scraper: SCRAPER }, [SCRAPER.username ?? ""]);
    const auth = new KubeRequestAuthorizer({ client: api.client, path: "/metrics", clock: new ManualClock(), log: logger });
    api.client.failNext({ verb: "create", resource }, (target) => new UnavailableError("connect ECONNREFUSED", 0, target));
    expect(await auth.authorize(bearer("scraper"))).toEqual({ allowed: false, status: 503, reason: `cannot check the scraper's token: ${resource.kind} failed` });
    expect(entries.map((e) => e.msg)).toEqual([`${resource.kind} failed: refusing the scrape`]);
    expect(auth.cachedDecisions).toBe(0);
    expect(await auth.authorize(bearer("scraper"))).toMatchObject({ allowed: true });
  });

  test("an allowed token is remembered for 10 s, a refused one for 2 s", async () => {
    const { auth, api, clock } = authorizer();
    await auth.authorize(bearer("scraper"));
    await auth.authorize(bearer("other"));
    expect(api.asked.tokenReviews).toBe(2);

    await clock.advance(1_999);
    await auth.authorize(bearer("scraper"));
    await auth.authorize(bearer("other"));
    expect(api.asked.tokenReviews).toBe(2);

    await clock.advance(1);
    await auth.authorize(bearer("other"));
    expect(api.asked.tokenReviews).toBe(3);

    await clock.advance(8_000);
    expect(await auth.authorize(bearer("scraper"))).toMatchObject({ allowed: true });
    expect(api.asked.tokenReviews).toBe(4);
  });

  test("concurrent scrapes with one token ask the API server once", async () => {
    const { auth, api } = authorizer();
    const decisions = await Promise.all(Array.from({ length: 5 }, () => auth.authorize(bearer("scraper"))));
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(api.asked.tokenReviews).toBe(1);
  });

  test("a flood of random tokens cannot grow the cache past its bound; the least recently used go first", async () => {
    const { auth, api } = authorizer(new ManualClock(), 64);
    await auth.authorize(bearer("scraper"));
    for (let i = 0; i < 500; i++) {
      await auth.authorize(bearer(`random-${i}`));
      // The scraper keeps scraping: it stays among the recently used.
      if (i % 32 === 0) await auth.authorize(bearer("scraper"));
      expect(auth.cachedDecisions).toBeLessThanOrEqual(64);
    }
    expect(auth.cachedDecisions).toBe(64);
    const before = api.asked.tokenReviews;
    await auth.authorize(bearer("scraper"));
    expect(api.asked.tokenReviews).toBe(before);
    await auth.authorize(bearer("random-0"));
    expect(api.asked.tokenReviews).toBe(before + 1);
  });

  test("the default bound is 1,024 tokens", async () => {
    const { auth } = authorizer();
    for (let i = 0; i < 1_500; i++) await auth.authorize(bearer(`random-${i}`));
    expect(auth.cachedDecisions).toBe(1_024);
  });
});

describe("startHttpServer with a metrics authorizer", () => {
  const servers: RunningHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; challenge: string | undefined }> {
    return new Promise((resolve, reject) => {
      request(url, { rejectUnauthorized: false, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, challenge: res.headers["www-authenticate"] }));
      })
        .on("error", reject)
        .end();
    });
  }

  test("guards /metrics only; the probes stay open", async () => {
    const { auth } = authorizer();
    const registry = new Registry();
    new Gauge({ name: "frrk8s_k8s_client_config_loaded_bool", help: "x", registers: [registry] });
    const health = new HealthChecks();
    health.addLivenessCheck("ping", () => true);
    const tls = await generateSelfSignedServingCert({ hosts: ["localhost", "127.0.0.1"], organization: "test", now: new Date(), validityMs: 60_000 });
    const server = await startHttpServer({ port: 0, host: "127.0.0.1", metrics: registry, health, tls, metricsAuthorizer: auth });
    servers.push(server);

    expect(await get(`${server.url}/metrics`)).toEqual({ status: 401, body: "no bearer token\n", challenge: 'Bearer realm="metrics"' });
    expect(await get(`${server.url}/metrics`, bearer("other"))).toMatchObject({ status: 403, challenge: undefined });
    const allowed = await get(`${server.url}/metrics`, bearer("scraper"));
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain("frrk8s_k8s_client_config_loaded_bool");
    expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, body: "[+]ping ok\nok\n" });
  });
});
