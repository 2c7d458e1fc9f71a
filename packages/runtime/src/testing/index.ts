// @metallb-ts/runtime/testing: fakes for other packages' unit tests.
export { FakeKubeClient, type ErrorMatcher, type FakeKubeClientOptions, type FakeVerb, type FakeWriteVerb, type RecordedWrite } from "./fake-kube-client.js";
export { ManualClock, settle } from "./manual-clock.js";
export { recordingLogger, silentLogger, type RecordedLogEntry } from "./loggers.js";
