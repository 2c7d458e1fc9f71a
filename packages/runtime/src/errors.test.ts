import { describe, expect, test } from "vitest";
import { backoffDelay } from "./backoff.js";
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  KubeApiError,
  NotFoundError,
  UnavailableError,
  ignoreNotFound,
  kubeErrorFromStatus,
} from "./errors.js";

const target = { verb: "apply", kind: "Service", namespace: "demo", name: "web" };

describe("kubeErrorFromStatus", () => {
  test.for<[number, new (...args: never[]) => KubeApiError]>([
    [400, BadRequestError],
    [401, ForbiddenError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
    [410, GoneError],
    [422, InvalidError],
    [429, UnavailableError],
    [500, UnavailableError],
    [503, UnavailableError],
    [0, UnavailableError],
    [418, KubeApiError],
  ])("HTTP %i -> %o", ([code, cls]) => {
    const error = kubeErrorFromStatus(code, target, { message: "msg", reason: "R" });
    expect(error).toBeInstanceOf(cls);
    expect(error.code).toBe(code);
    expect(error.message).toBe("apply Service demo/web: msg");
    expect(error.reason).toBe("R");
  });

  test("ignoreNotFound swallows only NotFoundError", async () => {
    await expect(ignoreNotFound(Promise.reject(kubeErrorFromStatus(404, target)))).resolves.toBeUndefined();
    await expect(ignoreNotFound(Promise.reject(kubeErrorFromStatus(409, target)))).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("backoffDelay", () => {
  test("doubles from the initial delay and stays at the cap, even after very many failures", () => {
    const options = { initialMs: 5, maxMs: 60_000 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(options, n))).toEqual([5, 10, 20, 40]);
    expect(backoffDelay(options, 14)).toBe(60_000);
    expect(backoffDelay(options, 100_000)).toBe(60_000);
  });
});
