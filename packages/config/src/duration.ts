// Kubernetes metav1.Duration values are Go duration strings ("90s", "1m30s", "500ms"), kept as integer
// nanoseconds and printed back exactly as Go's time.Duration.String() does. The implementation lives
// in @metallb-ts/api; these are the names the config package uses.
export { formatGoDuration as formatDuration, parseGoDuration as parseDuration } from "@metallb-ts/api";
