// The test helpers live in test/support/ (harness.ts: the gateway, clients, waits). This re-export
// keeps tests written against the old path working while they move.
export * from './support/harness.js';
