// Go time.Duration strings as the CRD stores them ("90s", "1m30s", "1.5s", "500ms").

const UNIT_NANOS = new Map<string, number>([
  ["ns", 1],
  ["us", 1e3],
  ["µs", 1e3],
  ["μs", 1e3],
  ["ms", 1e6],
  ["s", 1e9],
  ["m", 60e9],
  ["h", 3600e9],
]);

const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Whole seconds (truncated toward zero, as upstream stores timers), or undefined if not a Go duration. */
export function durationSeconds(text: string): number | undefined {
  let body = text;
  let sign = 1;
  if (body[0] === "-" || body[0] === "+") {
    sign = body[0] === "-" ? -1 : 1;
    body = body.slice(1);
  }
  if (body === "0") return 0;
  if (body === "") return undefined;
  let nanos = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < body.length) {
    const m = TERM.exec(body);
    if (m === null) return undefined;
    nanos += Number(m[1]) * (UNIT_NANOS.get(m[2] as string) as number);
  }
  return Math.trunc((sign * nanos) / 1e9);
}
