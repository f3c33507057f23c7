import { describe, expect, it } from "vitest";
import { emptyCatalog, findTable } from "../../../src/catalog/model.js";
import { type ParsedScript, replayScripts } from "../../../src/catalog/replay.js";
import {
  mysqlOnlineDdlAlgorithm,
  mysqlOnlineDdlBlocksWrites,
  slowerAlgorithm,
} from "../../../src/dialects/mysql/online-ddl.js";
import { targetOf } from "../../../src/lint/helpers.js";
import { mysql } from "./helpers.js";

/** A table with one of everything the operations below touch. */
const TABLE = `CREATE TABLE t (
  id bigint NOT NULL AUTO_INCREMENT,
  name varchar(50) NOT NULL,
  code varchar(40) CHARACTER SET latin1,
  wide varchar(100),
  bytes varbinary(200),
  note text,
  score int,
  status enum('new','paid','shipped') NOT NULL,
  flags set('a','b','c','d','e','f','g','h'),
  owner_id bigint,
  PRIMARY KEY (id),
  KEY by_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE owners (id bigint PRIMARY KEY);`;

const FULLTEXT_TABLE = "CREATE TABLE docs (id int PRIMARY KEY, body text, FULLTEXT KEY ft (body));";
const COMPRESSED_TABLE = "CREATE TABLE packed (id int PRIMARY KEY, v int) ROW_FORMAT=COMPRESSED;";

type Plan = readonly [algorithm: string | undefined, blocksWrites: boolean];

/** What the hooks say about each change of `alter` (ALGORITHM=/LOCK= left out), replayed after `history`. */
function plans(alter: string, history: string = TABLE): Plan[] {
  const scripts: ParsedScript[] = [history, alter].map((text, i) => {
    const parsed = mysql.parse(text);
    if (parsed.errors.length > 0) throw new Error(`does not parse: ${parsed.errors[0]!.message}`);
    return { path: `${i}.sql`, text, parsed };
  });
  const [, replay] = replayScripts(scripts, emptyCatalog("app", mysql.identifiers));
  return replay!.changes
    .filter((entry) => entry.change.kind !== "execution_options")
    .map((entry) => {
      const target = targetOf(entry.change);
      const table = target ? findTable(entry.before, target) : undefined;
      return [mysqlOnlineDdlAlgorithm(entry.change, table), mysqlOnlineDdlBlocksWrites(entry.change, table)];
    });
}

describe("MySQL online DDL: the cheapest algorithm of each operation (8.0.29+)", () => {
  it.each<[string, string, Plan[], string?]>([
    // Column operations (manual table "Online DDL Support for Column Operations").
    ["adding a column", "ALTER TABLE t ADD COLUMN venue varchar(8)", [["instant", false]]],
    ["adding a column in any position", "ALTER TABLE t ADD COLUMN venue int AFTER id", [["instant", false]]],
    [
      "adding a NOT NULL column with a default",
      "ALTER TABLE t ADD venue int NOT NULL DEFAULT 0",
      [["instant", false]],
    ],
    [
      "adding an AUTO_INCREMENT column (no concurrent DML)",
      "ALTER TABLE owners ADD seq int NOT NULL AUTO_INCREMENT, ADD KEY (seq)",
      [
        ["inplace", true],
        ["inplace", false],
      ],
    ],
    [
      "adding a column to a table with a FULLTEXT index",
      "ALTER TABLE docs ADD v int",
      [["inplace", false]],
      FULLTEXT_TABLE,
    ],
    [
      "adding a column to a ROW_FORMAT=COMPRESSED table",
      "ALTER TABLE packed ADD w int",
      [["inplace", false]],
      COMPRESSED_TABLE,
    ],
    ["adding a NOT NULL spatial column", "ALTER TABLE t ADD area polygon NOT NULL", [["inplace", false]]],
    ["adding a STORED generated column", "ALTER TABLE t ADD g int AS (score + 1) STORED", [["copy", true]]],
    ["adding a VIRTUAL generated column", "ALTER TABLE t ADD g int AS (score + 1)", [["instant", false]]],
    [
      "adding a VIRTUAL generated column to a FULLTEXT table",
      "ALTER TABLE docs ADD g int AS (id + 1) VIRTUAL",
      [["inplace", false]],
      FULLTEXT_TABLE,
    ],
    [
      "dropping a VIRTUAL generated column",
      "ALTER TABLE t DROP COLUMN doubled",
      [["instant", false]],
      `${TABLE}\nALTER TABLE t ADD doubled int AS (score * 2);`,
    ],
    [
      "dropping a STORED generated column (MySQL rebuilds, MariaDB does not)",
      "ALTER TABLE t DROP COLUMN doubled",
      [[undefined, false]],
      `${TABLE}\nALTER TABLE t ADD doubled int AS (score * 2) STORED;`,
    ],
    [
      "turning a VIRTUAL generated column STORED",
      "ALTER TABLE t MODIFY doubled int AS (score * 2) STORED",
      [["copy", true]],
      `${TABLE}\nALTER TABLE t ADD doubled int AS (score * 2);`,
    ],
    ["dropping a column", "ALTER TABLE t DROP COLUMN note", [["instant", false]]],
    [
      "dropping an indexed column (the index is rebuilt)",
      "ALTER TABLE t DROP COLUMN name",
      [["inplace", false]],
    ],
    ["dropping a primary key column", "ALTER TABLE owners DROP COLUMN id", [["inplace", false]]],
    ["dropping a column the history never created", "ALTER TABLE t DROP COLUMN ghost", [[undefined, false]]],
    ["renaming a column", "ALTER TABLE t RENAME COLUMN note TO remark", [["instant", false]]],
    [
      "renaming a column of a FULLTEXT table",
      "ALTER TABLE docs RENAME COLUMN body TO text_body",
      [["inplace", false]],
      FULLTEXT_TABLE,
    ],
    [
      "CHANGE with a new name and the same definition",
      "ALTER TABLE t CHANGE note remark text",
      [
        ["instant", false],
        ["instant", false],
      ],
    ],
    ["setting a default", "ALTER TABLE t ALTER COLUMN score SET DEFAULT 0", [["instant", false]]],
    ["dropping a default", "ALTER TABLE t ALTER COLUMN score DROP DEFAULT", [["instant", false]]],
    [
      "MODIFY restating the same definition with a new default",
      "ALTER TABLE t MODIFY score int DEFAULT 7",
      [["instant", false]],
    ],
    [
      "MODIFY changing only the comment",
      "ALTER TABLE t MODIFY score int COMMENT 'points'",
      [["instant", false]],
    ],
    ["changing the data type", "ALTER TABLE t MODIFY score bigint", [["copy", true]]],
    ["changing signedness", "ALTER TABLE t MODIFY score int unsigned", [["copy", true]]],
    ["making a column NOT NULL", "ALTER TABLE t MODIFY score int NOT NULL", [["inplace", false]]],
    ["making a column NULL", "ALTER TABLE t MODIFY name varchar(50) NULL", [["inplace", false]]],
    // VARCHAR: one length byte up to 255 bytes. utf8mb4 (the table's charset) takes 4 bytes a character.
    [
      "extending a VARCHAR within one length byte (utf8mb4: 50 -> 63 chars)",
      "ALTER TABLE t MODIFY name varchar(63) NOT NULL",
      [["inplace", false]],
    ],
    [
      "extending a VARCHAR across the 255-byte boundary (utf8mb4: 50 -> 64)",
      "ALTER TABLE t MODIFY name varchar(64) NOT NULL",
      [["copy", true]],
    ],
    [
      "extending a VARCHAR already above 255 bytes (utf8mb4: 100 -> 500)",
      "ALTER TABLE t MODIFY wide varchar(500)",
      [["inplace", false]],
    ],
    [
      "extending a latin1 VARCHAR up to 255 characters",
      "ALTER TABLE t MODIFY code varchar(255) CHARACTER SET latin1",
      [["inplace", false]],
    ],
    [
      "extending a latin1 VARCHAR past 255 characters",
      "ALTER TABLE t MODIFY code varchar(256) CHARACTER SET latin1",
      [["copy", true]],
    ],
    ["shortening a VARCHAR", "ALTER TABLE t MODIFY wide varchar(80)", [["copy", true]]],
    [
      "extending a VARBINARY within 255 bytes",
      "ALTER TABLE t MODIFY bytes varbinary(255)",
      [["inplace", false]],
    ],
    [
      "changing a column's character set",
      "ALTER TABLE t MODIFY code varchar(40) CHARACTER SET utf8mb4",
      [["copy", true]],
    ],
    [
      "restating a latin1 column without its charset (it takes the table's utf8mb4)",
      "ALTER TABLE t MODIFY code varchar(40)",
      [["copy", true]],
    ],
    [
      "restating the table's own charset on a column",
      "ALTER TABLE t MODIFY name varchar(50) CHARACTER SET utf8mb4 NOT NULL COMMENT 'n'",
      [["instant", false]],
    ],
    ["VARCHAR to TEXT", "ALTER TABLE t MODIFY wide text", [["copy", true]]],
    [
      "extending a VARCHAR and making it NOT NULL",
      "ALTER TABLE t MODIFY wide varchar(200) NOT NULL",
      [["inplace", false]],
    ],
    [
      "restating a primary key column without NOT NULL (it stays NOT NULL)",
      "ALTER TABLE owners MODIFY id bigint COMMENT 'key'",
      [["instant", false]],
    ],
    ["removing AUTO_INCREMENT", "ALTER TABLE t MODIFY id bigint NOT NULL", [["copy", true]]],
    [
      "adding AUTO_INCREMENT to an existing column",
      "ALTER TABLE owners MODIFY id bigint NOT NULL AUTO_INCREMENT",
      [["copy", true]],
    ],
    ["MODIFY of a column the history never created", "ALTER TABLE t MODIFY ghost int", [[undefined, false]]],
    // ENUM and SET: appending keeps the members' numbers; anything else renumbers them.
    [
      "appending an ENUM member",
      "ALTER TABLE t MODIFY status enum('new','paid','shipped','lost') NOT NULL",
      [["instant", false]],
    ],
    [
      "inserting an ENUM member in the middle",
      "ALTER TABLE t MODIFY status enum('new','held','paid','shipped') NOT NULL",
      [["copy", true]],
    ],
    ["removing an ENUM member", "ALTER TABLE t MODIFY status enum('new','paid') NOT NULL", [["copy", true]]],
    [
      "reordering ENUM members",
      "ALTER TABLE t MODIFY status enum('paid','new','shipped') NOT NULL",
      [["copy", true]],
    ],
    [
      "appending a SET member that needs a second byte (8 -> 9 members)",
      "ALTER TABLE t MODIFY flags set('a','b','c','d','e','f','g','h','i')",
      [["copy", true]],
    ],
    // Index operations.
    ["adding a secondary index", "ALTER TABLE t ADD INDEX by_score (score)", [["inplace", false]]],
    ["CREATE INDEX", "CREATE INDEX by_score ON t (score)", [["inplace", false]]],
    ["adding a UNIQUE index", "ALTER TABLE t ADD UNIQUE KEY u_code (code)", [["inplace", false]]],
    [
      "adding a FULLTEXT index (no concurrent DML)",
      "ALTER TABLE t ADD FULLTEXT INDEX ft_note (note)",
      [["inplace", true]],
    ],
    [
      "adding a SPATIAL index (no concurrent DML)",
      "CREATE SPATIAL INDEX sp ON t (note)",
      [["inplace", true]],
    ],
    ["dropping an index", "ALTER TABLE t DROP INDEX by_name", [["inplace", false]]],
    ["DROP INDEX … ON", "DROP INDEX by_name ON t", [["inplace", false]]],
    ["renaming an index", "ALTER TABLE t RENAME INDEX by_name TO ix_name", [["inplace", false]]],
    // Primary keys and foreign keys.
    [
      "adding a primary key",
      "ALTER TABLE docs DROP PRIMARY KEY, ADD PRIMARY KEY (id)",
      [
        ["copy", true],
        ["inplace", false],
      ],
      FULLTEXT_TABLE,
    ],
    ["dropping the primary key", "ALTER TABLE owners DROP PRIMARY KEY", [["copy", true]]],
    [
      "adding a foreign key (foreign_key_checks on: COPY)",
      "ALTER TABLE t ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES owners (id)",
      [["copy", true]],
    ],
    [
      "dropping a foreign key",
      "ALTER TABLE t DROP FOREIGN KEY fk_owner",
      [["inplace", false]],
      `${TABLE}\nALTER TABLE t ADD CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES owners (id);`,
    ],
    [
      "an inline REFERENCES that MySQL ignores",
      "ALTER TABLE t ADD buyer_id bigint REFERENCES owners (id)",
      [
        ["instant", false],
        [undefined, false],
      ],
    ],
    [
      "adding a CHECK constraint (not settled)",
      "ALTER TABLE t ADD CONSTRAINT positive CHECK (score > 0)",
      [[undefined, false]],
    ],
    // Table operations.
    ["renaming the table", "ALTER TABLE t RENAME TO t2", [["instant", false]]],
    ["RENAME TABLE", "RENAME TABLE t TO t2", [["instant", false]]],
    ["CONVERT TO CHARACTER SET", "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4", [["copy", true]]],
    ["DEFAULT CHARACTER SET", "ALTER TABLE t DEFAULT CHARACTER SET latin1", [["inplace", false]]],
    ["ROW_FORMAT", "ALTER TABLE t ROW_FORMAT=DYNAMIC", [["inplace", false]]],
    ["AUTO_INCREMENT=", "ALTER TABLE t AUTO_INCREMENT = 1000", [["inplace", false]]],
    ["a null rebuild (ENGINE=InnoDB)", "ALTER TABLE t ENGINE=InnoDB", [["inplace", false]]],
    ["another storage engine", "ALTER TABLE t ENGINE=MyISAM", [["copy", true]]],
    ["PARTITION BY", "ALTER TABLE t PARTITION BY HASH(id) PARTITIONS 4", [["copy", true]]],
    ["a table comment (not settled)", "ALTER TABLE t COMMENT = 'orders'", [[undefined, false]]],
  ])("%s", (_label, alter, expected, history) => {
    expect(plans(alter, history)).toEqual(expected);
  });

  it("knows nothing about a column of a table the history never created", () => {
    expect(plans("ALTER TABLE loaded_elsewhere MODIFY v bigint")).toEqual([[undefined, false]]);
  });

  it("orders algorithms from cheapest to slowest", () => {
    expect(slowerAlgorithm("instant", "inplace")).toBe("inplace");
    expect(slowerAlgorithm("copy", "inplace")).toBe("copy");
    expect(slowerAlgorithm("instant", "instant")).toBe("instant");
  });

  it("is wired into the MySQL dialect's hooks", () => {
    expect(mysql.hooks.onlineDdlAlgorithm).toBe(mysqlOnlineDdlAlgorithm);
    expect(mysql.hooks.onlineDdlBlocksWrites).toBe(mysqlOnlineDdlBlocksWrites);
  });
});
