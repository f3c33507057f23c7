/**
 * A second process for the folder-lock tests. `lock`: holds the folder's lock. `pglite`: opens the
 * embedded database, commits a row in `marks`, then leaves a transaction open with an uncommitted table
 * `half`. Both say "held <pid>" on stdout and let go when told "release" on stdin, or die when killed
 * (leaving the lock file behind). `pglite-once`: opens, commits its row, closes and exits, waiting up to a
 * minute for the folder (several run at once).
 *
 *   node --import tsx test/helpers/folder-holder.ts lock|pglite|pglite-once <folder>
 */
import { createInterface } from "node:readline";
import { createPgliteDriver } from "../../src/migrate/drivers/pglite.js";
import { lockFolder } from "../../src/migrate/folder-lock.js";

const [mode, folder] = process.argv.slice(2);
if (!folder || !["lock", "pglite", "pglite-once"].includes(mode!)) {
  throw new Error("usage: folder-holder lock|pglite|pglite-once <folder>");
}

let release: () => Promise<void>;
if (mode === "lock") {
  const lock = await lockFolder(folder, { timeoutMs: 10_000, display: folder });
  release = async () => lock.release();
} else {
  const driver = await createPgliteDriver(folder, { lockTimeoutMs: 60_000 });
  await driver.execute("CREATE TABLE IF NOT EXISTS marks (holder int)");
  await driver.begin();
  await driver.query("INSERT INTO marks VALUES ($1)", [process.pid]);
  await driver.commit();
  if (mode === "pglite-once") {
    await driver.close();
    process.exit(0);
  }
  await driver.begin();
  await driver.execute("CREATE TABLE half (x int)");
  release = async () => {
    await driver.rollback();
    await driver.close();
  };
}
process.stdout.write(`held ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "release") break;
}
await release();
process.stdout.write("released\n");
