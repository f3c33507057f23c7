import { describe, expect, it } from "vitest";
import { createDialect, DIALECT_NAMES, DIALECTS } from "../../src/dialects/index.js";
import { migrationChecksum } from "../../src/migrations/checksum.js";

/** Scripts that exercise each lexer: comments, strings, dollar quotes, delimiters, executable comments. */
const SCRIPTS = [
  "CREATE TABLE t (id int PRIMARY KEY, name text DEFAULT 'a -- b'); -- trailing\n/* block */ INSERT INTO t VALUES (1, $$x;y$$);",
  "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\n/*!40101 SET NAMES utf8 */;\nALTER TABLE `t` ADD COLUMN `c` int;",
  "ALTER TABLE t ADD COLUMN c bigint NOT NULL DEFAULT 0;\n\n\n-- done\n",
];

describe("the lexer loaded alone gives the dialect's own tokens (checksums without the parser)", () => {
  it.each(DIALECT_NAMES)("%s", async (name) => {
    const dialect = await createDialect(name);
    const tokens = await DIALECTS[name].lexer();
    for (const script of SCRIPTS) {
      expect(tokens(script)).toEqual(dialect.tokens(script));
      expect(migrationChecksum({ tokens }, script)).toBe(migrationChecksum(dialect, script));
    }
  });
});
