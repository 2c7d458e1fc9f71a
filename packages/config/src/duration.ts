// Kubernetes metav1.Duration values are Go duration strings ("90s", "1m30s", "500ms"). We keep
// them as integer nanoseconds and print them back exactly as Go's time.Duration.String() does,
// because that is what ends up in the FRRConfiguration.

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const SECOND = 1e9;

/** Parses a Go duration string to nanoseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m || (m[1] === "" && (m[2] ?? "") === "")) return undefined;
    const unit = UNIT_NANOS[m[3] as string] as number;
    const whole = m[1] === "" ? 0 : Number(m[1]);
    const frac = m[2] ? Number(`0.${m[2]}`) : 0;
    total += whole * unit + Math.round(frac * unit);
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Go's time.Duration.String(). */
export function formatDuration(nanos: number): string {
  if (nanos === 0) return "0s";
  const neg = nanos < 0;
  const d = Math.abs(nanos);
  let out: string;
  if (d < SECOND) {
    if (d < 1e3) out = `${d}ns`;
    else if (d < 1e6) out = `${trimFraction(d, 1e3)}µs`;
    else out = `${trimFraction(d, 1e6)}ms`;
  } else {
    const hours = Math.floor(d / 3600e9);
    const minutes = Math.floor((d % 3600e9) / 60e9);
    const secondsPart = d % 60e9;
    const seconds = `${trimFraction(secondsPart, SECOND)}s`;
    if (hours > 0) out = `${hours}h${minutes}m${seconds}`;
    else if (minutes > 0) out = `${minutes}m${seconds}`;
    else out = seconds;
  }
  return neg ? `-${out}` : out;
}

function trimFraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, "0").replace(/0+$/, "")}`;
}
