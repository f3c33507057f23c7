// Applies a folder of PostgreSQL migrations to a database with the built library (dist/), as the runner
// does: the bench's stand-in for `schematic migrate up` until the CLI can be timed, and the place that
// says where the time of one run goes (printed as JSON on stdout: milliseconds per phase).
//
//   node bench/migrate-apply.mjs <migrations-dir> <database-url>
const started = performance.now();
const phases = {};
const mark = (name, since) => {
  phases[name] = Math.round(performance.now() - since);
  return performance.now();
};
let at = performance.now();
const dist = new URL("../dist/src/", import.meta.url);
const [{ loadMigrations }, { createDialect }, { createPostgresDriver }, { createMigrator }] =
  await Promise.all([
    import(new URL("migrations/loader.js", dist).href),
    import(new URL("dialects/index.js", dist).href),
    import(new URL("migrate/drivers/postgres.js", dist).href),
    import(new URL("migrate/migrator.js", dist).href),
  ]);
at = mark("import", at);
const [folder, url] = process.argv.slice(2);
const migrations = loadMigrations(folder, { dialect: "postgres" });
at = mark("load", at);
const dialect = await createDialect("postgres");
at = mark("dialect", at);
const driver = await createPostgresDriver(url);
// SCHEMATIC_BENCH_RUNNER=per-statement|batch|relaxed|batch+relaxed: the runner with its batched round
// trips and relaxed commits turned off or on, to measure each (default: as shipped, both on).
const variant = process.env.SCHEMATIC_BENCH_RUNNER ?? "batch+relaxed";
if (!variant.split("+").includes("batch")) delete driver.executeBatch;
if (!variant.split("+").includes("relaxed")) delete driver.relaxedCommit;
at = mark("connect", at);
let statements = 0;
try {
  const migrator = createMigrator({
    dialect,
    driver,
    migrations,
    placeholders: {},
    placeholderSyntax: ["flyway"],
    history: { table: "schematic_history" },
    lockTimeoutMs: 60_000,
    appliedBy: "bench",
    toolVersion: "bench",
  });
  const run = await migrator.up();
  at = mark("up", at);
  const failed = run.results.find((result) => result.status === "failed");
  if (failed) {
    process.stderr.write(`${failed.id}: ${failed.error?.message}\n`);
    process.exitCode = 1;
  }
  statements = run.results.reduce((total, result) => total + result.statementsRun, 0);
  process.stdout.write(
    `${JSON.stringify({ migrations: run.results.length, statements, phases, totalMs: Math.round(performance.now() - started) })}\n`,
  );
} finally {
  await driver.close();
}
