import { describe, expect, test } from "vitest";
import { NotLeaderError, UnavailableError } from "./errors.js";
import type { KubeClient } from "./kube-client.js";
import { LeaderElector, leaderOnlyClient, type LeaderElectorOptions } from "./leader-election.js";
import { ConfigMapResource, LeaseResource } from "./resources.js";
import { FakeKubeClient } from "./testing/fake-kube-client.js";
import { ManualClock } from "./testing/manual-clock.js";

/** A view of `client` that can be cut off from the API server, like a partitioned replica. */
function partitionable(client: KubeClient): { client: KubeClient; cut: (down: boolean) => void } {
  let down = false;
  const proxy = new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        down ? Promise.reject(new UnavailableError("partitioned", 0, { verb: String(prop), kind: "Lease" })) : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { client: proxy, cut: (d) => (down = d) };
}

function cluster() {
  const fake = new FakeKubeClient();
  const clock = new ManualClock(0);
  const timeline: string[] = [];
  const elector = (identity: string, client: KubeClient = fake, extra: Partial<LeaderElectorOptions> = {}): LeaderElector =>
    new LeaderElector({
      client,
      clock,
      namespace: "metallb-system",
      name: "metallb-controller",
      identity,
      random: () => 0,
      onStartedLeading: () => timeline.push(`${clock.now() / 1000}s ${identity} leads`),
      onStoppedLeading: () => timeline.push(`${clock.now() / 1000}s ${identity} stops`),
      ...extra,
    });
  const lease = () => fake.get(LeaseResource, "metallb-controller", { namespace: "metallb-system" });
  return { fake, clock, timeline, elector, lease };
}

describe("LeaderElector", () => {
  test("scenario: a partitioned leader steps down at renewDeadline; the standby takes over only after leaseDuration on its own clock", async () => {
    const { fake, clock, timeline, elector, lease } = cluster();
    const a = partitionable(fake);
    const leaderA = elector("a", a.client);
    const standbyB = elector("b");
    leaderA.start();
    await clock.advance(0);
    standbyB.start();
    await clock.advance(10_000);
    expect(leaderA.isLeader()).toBe(true);
    expect(standbyB.isLeader()).toBe(false);
    expect(standbyB.leader).toBe("a");
    expect((await lease()).spec).toMatchObject({ holderIdentity: "a", leaseDurationSeconds: 15, leaseTransitions: 0 });

    a.cut(true); // a can no longer renew
    for (let t = 0; t < 20 && !standbyB.isLeader(); t++) await clock.advance(1000);
    // a's last renewal was at 10 s: it gives up at 10 + renewDeadline = 20 s. b saw that renewal at 10 s,
    // so for b the lease expires at 10 + 15 = 25 s; b polls every 2 s and takes it at 26 s. Never two leaders.
    expect(timeline).toEqual(["0s a leads", "20s a stops", "26s b leads"]);
    expect(leaderA.isLeader()).toBe(false);
    expect((await lease()).spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });

    a.cut(false); // a comes back as a standby and does not steal the lease
    await clock.advance(30_000);
    expect(standbyB.isLeader()).toBe(true);
    expect(leaderA.isLeader()).toBe(false);
    await Promise.all([leaderA.stop(), standbyB.stop()]);
  });

  test("on stop the leader steps down, then releases the Lease, and a standby takes over within a retry period", async () => {
    const { clock, timeline, elector, lease } = cluster();
    const a = elector("a");
    const b = elector("b");
    a.start();
    await clock.advance(0);
    b.start();
    await clock.advance(6000);
    await a.stop();
    expect((await lease()).spec?.holderIdentity).toBeUndefined();
    await clock.advance(2000);
    expect(b.isLeader()).toBe(true);
    expect(timeline).toEqual(["0s a leads", "6s a stops", "8s b leads"]);
    expect((await lease()).spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    await b.stop();
  });

  test("a leader that finds another holder in a fresh Lease stops at once", async () => {
    const { fake, clock, timeline, elector, lease } = cluster();
    const a = elector("a");
    a.start();
    await clock.advance(0);
    const current = await lease();
    await fake.replace(LeaseResource, { ...current, spec: { ...current.spec, holderIdentity: "intruder" } });
    await clock.advance(2000);
    expect(a.isLeader()).toBe(false);
    expect(timeline).toEqual(["0s a leads", "2s a stops"]);
    await a.stop();
  });

  test("the signal handed to onStartedLeading aborts when leadership ends", async () => {
    const { clock, elector } = cluster();
    let signal: AbortSignal | undefined;
    const a = elector("a", undefined, { onStartedLeading: (s) => (signal = s) });
    a.start();
    await clock.advance(0);
    expect(signal?.aborted).toBe(false);
    await a.stop();
    expect(signal?.aborted).toBe(true);
  });

  test.for([
    { name: "leaseDuration must exceed renewDeadline", timings: { leaseDurationMs: 10_000, renewDeadlineMs: 10_000 } },
    { name: "renewDeadline must exceed 1.2 x retryPeriod", timings: { renewDeadlineMs: 2_000, retryPeriodMs: 2_000 } },
  ])("rejects bad timings: $name", ({ timings }) => {
    expect(() => new LeaderElector({ client: new FakeKubeClient(), namespace: "n", name: "l", identity: "a", ...timings })).toThrow(RangeError);
  });
});

describe("leaderOnlyClient", () => {
  test("reads always pass; writes fail with NotLeaderError unless leading", async () => {
    const fake = new FakeKubeClient();
    let leading = false;
    const guarded = leaderOnlyClient(fake, () => leading);
    await expect(guarded.list(ConfigMapResource)).resolves.toBeDefined();
    const refused = await guarded.create(ConfigMapResource, { metadata: { name: "x", namespace: "ns" } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotLeaderError);
    expect((refused as Error).message).toBe("create ConfigMap ns/x: refused, this replica is not the leader");
    expect(fake.writes).toEqual([]);
    leading = true;
    await guarded.create(ConfigMapResource, { metadata: { name: "x", namespace: "ns" } });
    expect(fake.writes).toHaveLength(1);
  });
});
