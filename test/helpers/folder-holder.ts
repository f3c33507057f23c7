/**
 * A second process for the folder-lock tests: holds a folder (its lock alone, or the embedded database
 * open on it, with a committed row), says "held <pid>" on stdout, and lets go when told "release" on stdin
 * (or dies when killed, leaving its lock file behind).
 *
 *   node --import tsx test/helpers/folder-holder.ts lock|pglite <folder>
 */
import { createInterface } from "node:readline";
import { createPgliteDriver } from "../../src/migrate/drivers/pglite.js";
import { lockFolder } from "../../src/migrate/folder-lock.js";

const [mode, folder] = process.argv.slice(2);
if (!folder || (mode !== "lock" && mode !== "pglite"))
  throw new Error("usage: folder-holder lock|pglite <folder>");

let release: () => Promise<void>;
if (mode === "lock") {
  const lock = await lockFolder(folder, { timeoutMs: 10_000, display: folder });
  release = async () => lock.release();
} else {
  const driver = await createPgliteDriver(folder);
  await driver.execute("CREATE TABLE IF NOT EXISTS marks (holder int)");
  await driver.begin();
  await driver.query("INSERT INTO marks VALUES ($1)", [process.pid]);
  await driver.commit();
  release = () => driver.close();
}
process.stdout.write(`held ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "release") break;
}
await release();
process.stdout.write("released\n");
