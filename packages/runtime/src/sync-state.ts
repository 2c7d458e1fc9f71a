// What a reconcile handler returns. Handlers decide; only the reconcile loop turns the decision into
// requeues (metallb's SyncState, STYLE §1.2 c).
export const SyncState = {
  /** Done; forget the key's retry history. */
  success: "success",
  /** Transient failure: retry the key with per-key exponential backoff. */
  error: "error",
  /** Failure that a retry cannot fix (bad user input, reported elsewhere): do not retry. */
  errorNoRetry: "error-no-retry",
  /** Something global changed: run the reprocess-all key (or this key again when there is none). */
  reprocessAll: "reprocess-all",
} as const;
export type SyncState = (typeof SyncState)[keyof typeof SyncState];
