// The Node flags every service process starts with, wherever it is started from this workspace
// (`npm start`, `bench:http`); the Dockerfile's CMD gives the same ones (docs/operations#runtime),
// and so do the npm scripts that rebuild projections outside a service (`projections:rebuild`,
// `bench:projections`), so that a rebuild runs as it does in a service at start. On Node 24 a
// rebuild of the 1,000,000-event audit:seed store peaked at 385 MiB without them, 193 MiB with
// them, at 0.70x and 0.75x of its baseline (one run each).
//
// --max-semi-space-size=16: on Node 24 V8 lets the young generation grow to 64 MB a half under a
// high allocation rate (Node 20 stopped at 16), and a service keeps that space once grown. Intake
// after 64-connection registrations and reads, alternating, Node 24.22.3: new space 134 MB and
// resident 321–337 MB without the flag, 34 MB and 217–237 MB with it, at the same CPU per request
// (README#performance). Node 20's default is the same 16, so the flag changes nothing there.
//
// --max-old-space-size=512: V8 sizes the old generation's growth by its limit, which Node sets
// from the machine's memory (about 4 GB on the 24 GiB development machine). Under a burst it let
// the old space grow to 235–270 MB around some 85 MB of live objects and kept it: treatment-plan
// ended bench:http at 414–541 MB resident. With 512 MB, four to five times the largest live heap
// measured, the old space stays near 100 MB (resident 279–289 MB) at the same CPU per request.
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16', '--max-old-space-size=512'];
