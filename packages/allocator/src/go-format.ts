// Rendering values the way upstream's Go format verbs do, so error texts match (`%q` of a string and of
// a string slice).

/** Go's %q of a string (close enough for IPs, names and keys: JSON escaping of printable ASCII is identical). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** Go's %q of a []string or []net.IP: `["a" "b"]`. */
export function goQuoteList(items: readonly string[]): string {
  return `[${items.map(goQuote).join(" ")}]`;
}
