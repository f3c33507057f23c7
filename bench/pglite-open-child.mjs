// One run of bench/pglite-open.ts, in plain JavaScript on the build (dist/) as the CLI runs: opens the
// embedded database in the folder given, runs SELECT 1, closes, and prints the open time and the CPU used.
const [mode, folder] = process.argv.slice(2);
const { createPgliteDriver } = await import("../dist/src/migrate/drivers/pglite.js");
const started = performance.now();
const driver = await createPgliteDriver(folder, {
  ...(mode === "initdb" && { template: () => ({ kind: "missing" }), onNotice: () => undefined }),
});
const openMs = performance.now() - started;
await driver.query("SELECT 1");
await driver.close();
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ openMs, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
