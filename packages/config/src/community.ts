// BGP communities: standard `A:B` (two 16-bit halves) and large `large:A:B:C` (three 32-bit parts).

export type BGPCommunity =
  | { readonly kind: "standard"; readonly high: number; readonly low: number }
  | { readonly kind: "large"; readonly global: number; readonly local1: number; readonly local2: number };

export type CommunityParseResult =
  | { readonly ok: true; readonly community: BGPCommunity }
  /** `format`: not 2 or 4 colon-separated fields, so possibly an alias that does not exist yet. */
  | { readonly ok: false; readonly problem: "value" | "format"; readonly message: string };

const DECIMAL = /^\d+$/;

function parseField(field: string, max: number): number | undefined {
  if (!DECIMAL.test(field)) return undefined;
  const n = Number(field);
  return n <= max ? n : undefined;
}

export function parseCommunity(text: string): CommunityParseResult {
  const fields = text.split(":");
  if (fields.length === 2) {
    const [a, b] = fields.map((f) => parseField(f, 0xffff));
    if (a === undefined || b === undefined) {
      return { ok: false, problem: "value", message: `invalid community value: ${JSON.stringify(text)} is not two 16-bit decimal numbers A:B` };
    }
    return { ok: true, community: { kind: "standard", high: a, low: b } };
  }
  if (fields.length === 4) {
    if (fields[0] !== "large") {
      return { ok: false, problem: "value", message: `invalid community value: ${JSON.stringify(text)}: a large community must be large:<uint32>:<uint32>:<uint32>` };
    }
    const [g, l1, l2] = fields.slice(1).map((f) => parseField(f, 0xffffffff));
    if (g === undefined || l1 === undefined || l2 === undefined) {
      return { ok: false, problem: "value", message: `invalid community value: ${JSON.stringify(text)} has a part that is not a 32-bit decimal number` };
    }
    return { ok: true, community: { kind: "large", global: g, local1: l1, local2: l2 } };
  }
  return { ok: false, problem: "format", message: `invalid community format: ${text}` };
}

/** Normalised text as frr-k8s expects it: `1:2` (not `01:02`), `large:1:2:3`. */
export function communityText(c: BGPCommunity): string {
  return c.kind === "standard" ? `${c.high}:${c.low}` : `large:${c.global}:${c.local1}:${c.local2}`;
}

export function isLargeCommunity(c: BGPCommunity): boolean {
  return c.kind === "large";
}

function asLargeTriple(c: BGPCommunity): [number, number, number] {
  return c.kind === "standard" ? [c.high * 65536 + c.low, 0, 0] : [c.global, c.local1, c.local2];
}

/** Upstream's order: a standard community A:B compares as the large community (A<<16|B):0:0. */
export function compareCommunities(a: BGPCommunity, b: BGPCommunity): number {
  const x = asLargeTriple(a);
  const y = asLargeTriple(b);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  // A standard community and the large one with the same triple: standard first, for a total order.
  return a.kind === b.kind ? 0 : a.kind === "standard" ? -1 : 1;
}
