// BGP communities as frr-k8s accepts them: `A:B` (two 16-bit numbers) or `large:X:Y:Z` (three
// 32-bit numbers). Well-known names and extended communities are not supported upstream.

export interface Community {
  readonly large: boolean;
  /** Normalised text used in prefix-list names: leading zeros dropped, `large:` kept. */
  readonly text: string;
  /** The value FRR's `set community` / `set large-community` takes. */
  readonly value: string;
}

const DIGITS = /^[0-9]+$/;

function parseNumbers(parts: readonly string[], max: number): number[] | undefined {
  const out: number[] = [];
  for (const p of parts) {
    if (!DIGITS.test(p)) return undefined;
    const n = Number(p);
    if (!Number.isSafeInteger(n) || n > max) return undefined;
    out.push(n);
  }
  return out;
}

/** Parses a community; the error text explains the accepted forms. */
export function parseCommunity(text: string): { ok: true; community: Community } | { ok: false; error: string } {
  if (text.startsWith("large:")) {
    const parts = text.slice("large:".length).split(":");
    const nums = parts.length === 3 ? parseNumbers(parts, 0xffffffff) : undefined;
    if (nums === undefined) return { ok: false, error: `invalid large community "${text}": want large:X:Y:Z with 32-bit numbers` };
    const value = nums.join(":");
    return { ok: true, community: { large: true, text: `large:${value}`, value } };
  }
  const parts = text.split(":");
  const nums = parts.length === 2 ? parseNumbers(parts, 0xffff) : undefined;
  if (nums === undefined) return { ok: false, error: `invalid community "${text}": want A:B with 16-bit numbers or large:X:Y:Z` };
  const value = nums.join(":");
  return { ok: true, community: { large: false, text: value, value } };
}
