// FRR configuration text as a tree of contexts, the way FRR's CLI nests commands: top-level lines, and
// blocks such as `router bgp N [vrf V]` (with `address-family ...` blocks inside), `route-map NAME
// permit|deny SEQ`, `bfd` (with `profile`/`peer` blocks). Blocks with the same opener merge, as they do
// in FRR (the renderer writes a router's address-family twice: neighbors, then networks). Reads both
// our rendered frr.conf (2-space indents) and `show running-config` (1-space indents, `!`, `end`).

export interface FrrContext {
  /** The line that opened the block ("" for the top level), whitespace-normalized. */
  readonly opener: string;
  /** Leaf lines in first-seen order, without duplicates. */
  readonly lines: string[];
  readonly children: Map<string, FrrContext>;
}

export type FrrConfigParse = { ok: true; root: FrrContext } | { ok: false; reason: string };

/** Block openers known by the context they appear in; any other line followed by deeper indentation opens a block too. */
const KNOWN_OPENERS: ReadonlyArray<{ parent: RegExp; opener: RegExp }> = [
  { parent: /^$/, opener: /^(router bgp \d+( vrf \S+)?|route-map \S+ (permit|deny) \d+|bfd)$/ },
  { parent: /^router bgp /, opener: /^address-family / },
  { parent: /^bfd$/, opener: /^(profile|peer) / },
];

const CLOSERS = new Set(["exit", "exit-address-family", "exit-vrf"]);

/** FRR prints nothing for these; they carry no configuration. */
const SKIPPED = /^(!.*|end|Building configuration\.\.\.|Current configuration:)$/;

function newContext(opener: string): FrrContext {
  return { opener, lines: [], children: new Map() };
}

export function parseFrrConfig(text: string): FrrConfigParse {
  const raw = text.split("\n").map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim().replace(/\s+/g, " ") }))
    .filter((l) => l.text !== "" && !SKIPPED.test(l.text));
  const root = newContext("");
  const stack: FrrContext[] = [root];
  // Each line's seen set, so duplicates are dropped in O(1).
  const seen = new Map<FrrContext, Set<string>>([[root, new Set()]]);
  for (let i = 0; i < raw.length; i++) {
    const { indent, text: line } = raw[i]!;
    const current = stack.at(-1)!;
    if (CLOSERS.has(line)) {
      if (stack.length === 1) return { ok: false, reason: `line ${i + 1}: "${line}" outside any block` };
      if (line === "exit-address-family" && !current.opener.startsWith("address-family ")) {
        return { ok: false, reason: `line ${i + 1}: "exit-address-family" closes "${current.opener}"` };
      }
      stack.pop();
      continue;
    }
    const next = raw[i + 1];
    const known = KNOWN_OPENERS.some((k) => k.parent.test(current.opener) && k.opener.test(line));
    if (known || (next !== undefined && next.indent > indent && !CLOSERS.has(next.text))) {
      let child = current.children.get(line);
      if (child === undefined) {
        child = newContext(line);
        current.children.set(line, child);
        seen.set(child, new Set());
      }
      stack.push(child);
      continue;
    }
    const lines = seen.get(current)!;
    if (!lines.has(line)) {
      lines.add(line);
      current.lines.push(line);
    }
  }
  if (stack.length > 1) return { ok: false, reason: `block "${stack.at(-1)!.opener}" is never closed` };
  return { ok: true, root };
}

/** Same opener, same lines (as sets), same children, recursively. */
export function sameContext(a: FrrContext, b: FrrContext): boolean {
  if (!sameLines(a.lines, b.lines) || a.children.size !== b.children.size) return false;
  for (const [key, child] of a.children) {
    const other = b.children.get(key);
    if (other === undefined || !sameContext(child, other)) return false;
  }
  return true;
}

export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((l) => set.has(l));
}

/** One `ip|ipv6 prefix-list NAME seq N permit|deny ...` line. */
export interface PrefixListEntry {
  /** "ip" or "ipv6". */
  readonly family: string;
  readonly name: string;
  readonly seq: number;
  /** Action and match, canonical (`ge` before `le`, as FRR prints it): what FRR compares for duplicates. */
  readonly value: string;
}

const PREFIX_LIST_ENTRY = /^(ip|ipv6) prefix-list (\S+) seq (\d+) (permit|deny) (any|\S+)((?: (?:ge|le) \d+)*)$/;

export function parsePrefixListEntry(line: string): PrefixListEntry | undefined {
  const m = PREFIX_LIST_ENTRY.exec(line);
  if (!m) return undefined;
  const bounds = new Map<string, string>();
  const parts = (m[6] ?? "").trim().split(" ").filter((p) => p !== "");
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (bounds.has(parts[i]!)) return undefined;
    bounds.set(parts[i]!, parts[i + 1]!);
  }
  const ge = bounds.get("ge");
  const le = bounds.get("le");
  const value = `${m[4]} ${m[5]}${ge !== undefined ? ` ge ${ge}` : ""}${le !== undefined ? ` le ${le}` : ""}`;
  return { family: m[1]!, name: m[2]!, seq: Number(m[3]), value };
}

export function prefixListLine(e: PrefixListEntry): string {
  return `${e.family} prefix-list ${e.name} seq ${e.seq} ${e.value}`;
}

/** Key of one prefix list: IPv4 and IPv6 lists live in separate namespaces. */
export function prefixListKey(e: Pick<PrefixListEntry, "family" | "name">): string {
  return `${e.family} prefix-list ${e.name}`;
}

export type PrefixLists = Map<string, Map<number, PrefixListEntry>>;

/**
 * The top level split into prefix-list entries (by list, then seq) and every other line. Undefined when
 * one list holds the same seq twice (FRR would keep only the last one: not a diff we can reason about).
 */
export function splitTopLevel(root: FrrContext): { prefixLists: PrefixLists; other: string[] } | undefined {
  const prefixLists: PrefixLists = new Map();
  const other: string[] = [];
  for (const line of root.lines) {
    const entry = parsePrefixListEntry(line);
    if (entry === undefined) {
      other.push(line);
      continue;
    }
    const key = prefixListKey(entry);
    let list = prefixLists.get(key);
    if (list === undefined) prefixLists.set(key, (list = new Map()));
    if (list.has(entry.seq)) return undefined;
    list.set(entry.seq, entry);
  }
  return { prefixLists, other };
}
