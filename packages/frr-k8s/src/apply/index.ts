// "@metallb-ts/frr-k8s/apply": FRR access shared by the frr-k8s daemon and the speaker's frr backend.
export { ApplyLoop, type ApplyLoopOptions, type ApplyOutcome } from "./apply-loop.js";
export { DEFAULT_FRR_ACCESS, run, vtysh, vtyshJson, type CommandResult, type FrrAccess } from "./frr-access.js";
export { FrrReloadApplier, REQUIRED_DAEMONS, redactPasswords, type FrrApplier, type ReloadResult } from "./frr-reloader.js";
export { IncrementalFrrApplier } from "./incremental-applier.js";
export { FrrWatchdog, type FrrWatchdogOptions } from "./frr-watchdog.js";
