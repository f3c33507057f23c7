import { describe, expect, it } from "vitest";
import { nameKey, storedIdentifier } from "../../../src/dialects/identifiers.js";
import { MysqlScriptState, parseMysql } from "../../../src/dialects/mysql/index.js";
import { changesOf, mysql, spanTexts } from "./helpers.js";

const T = { name: "t" };

describe("statements other than CREATE / ALTER TABLE", () => {
  it.each([
    {
      name: "RENAME TABLE of several tables, across databases",
      sql: "RENAME TABLE a TO b, db.c TO db2.d",
      expected: [
        { kind: "rename_table", table: { name: "a" }, to: { name: "b" } },
        { kind: "rename_table", table: { schema: "db", name: "c" }, to: { schema: "db2", name: "d" } },
      ],
    },
    {
      name: "DROP TABLE of several tables (CASCADE is ignored by MySQL)",
      sql: "DROP TABLE IF EXISTS a, `b` CASCADE; DROP TEMPORARY TABLE tmp",
      expected: [
        { kind: "drop_table", table: { name: "a" }, ifExists: true, cascade: false },
        { kind: "drop_table", table: { name: "b" }, ifExists: true, cascade: false },
        { kind: "drop_table", table: { name: "tmp" }, ifExists: false, cascade: false },
      ],
    },
    {
      name: "TRUNCATE with and without TABLE",
      sql: "TRUNCATE t; TRUNCATE TABLE db.u",
      expected: [
        { kind: "truncate_table", table: T },
        { kind: "truncate_table", table: { schema: "db", name: "u" } },
      ],
    },
    {
      name: "CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX with key parts, expressions and ALGORITHM / LOCK",
      sql: "CREATE UNIQUE INDEX ux USING BTREE ON t (a(10) DESC, (lower(b))) ALGORITHM=INPLACE LOCK=NONE; CREATE FULLTEXT INDEX ft ON t (c); CREATE SPATIAL INDEX sp ON t (g); CREATE INDEX IF NOT EXISTS ix ON t (d) COMMENT 'x' INVISIBLE",
      expected: [
        {
          kind: "create_index",
          index: { name: "ux", table: T, columns: ["a", "(lower(b))"], unique: true, method: "btree" },
          ifNotExists: false,
        },
        { kind: "execution_options", table: T, options: { algorithm: "INPLACE", lock: "NONE" } },
        {
          kind: "create_index",
          index: { name: "ft", table: T, columns: ["c"], unique: false, method: "fulltext" },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "sp", table: T, columns: ["g"], unique: false, method: "spatial" },
          ifNotExists: false,
        },
        {
          kind: "create_index",
          index: { name: "ix", table: T, columns: ["d"], unique: false },
          ifNotExists: true,
        },
      ],
    },
    {
      name: "DROP INDEX … ON, and DROP INDEX `PRIMARY`",
      sql: "DROP INDEX i ON t ALGORITHM=INPLACE; DROP INDEX `PRIMARY` ON t",
      expected: [
        { kind: "drop_index", name: "i", table: T, ifExists: false },
        { kind: "execution_options", table: T, options: { algorithm: "INPLACE" } },
        { kind: "drop_constraint", table: T, constraintKind: "primary_key", ifExists: false },
      ],
    },
    {
      name: "CREATE / ALTER / DROP VIEW",
      sql: "CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW v (a, b) AS SELECT 1, 2 WITH LOCAL CHECK OPTION; ALTER VIEW w AS SELECT * FROM t; DROP VIEW IF EXISTS v, w",
      expected: [
        {
          kind: "create_view",
          view: { name: { name: "v" }, materialized: false, columns: ["a", "b"], query: "SELECT 1, 2" },
          orReplace: true,
        },
        {
          kind: "create_view",
          view: { name: { name: "w" }, materialized: false, query: "SELECT * FROM t" },
          orReplace: true,
        },
        { kind: "drop_view", name: { name: "v" }, materialized: false, ifExists: true },
        { kind: "drop_view", name: { name: "w" }, materialized: false, ifExists: true },
      ],
    },
    {
      name: "databases, USE, and ALTER DATABASE",
      sql: "CREATE DATABASE IF NOT EXISTS d DEFAULT CHARACTER SET utf8mb4; CREATE SCHEMA e; USE `d`; ALTER DATABASE d CHARACTER SET latin1; DROP SCHEMA IF EXISTS e",
      expected: [
        { kind: "create_schema", schema: "d", ifNotExists: true },
        { kind: "create_schema", schema: "e", ifNotExists: false },
        { kind: "set_option", name: "database", value: "d" },
        { kind: "no_schema_effect", statement: "ALTER DATABASE" },
        { kind: "drop_schema", schema: "e", ifExists: true, cascade: true },
      ],
    },
    {
      name: "SET: one option per assignment, scopes, user variables, NAMES, TRANSACTION",
      sql: "SET FOREIGN_KEY_CHECKS = 0, @old := @@sql_mode, SESSION sql_mode = 'STRICT_ALL_TABLES'; SET GLOBAL max_connections = 100; SET @@persist.x = 1; SET NAMES utf8mb4 COLLATE utf8mb4_bin; SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET PASSWORD = 'x'",
      expected: [
        { kind: "set_option", name: "foreign_key_checks", value: "0" },
        { kind: "set_option", name: "@old", value: "@@sql_mode" },
        { kind: "set_option", name: "sql_mode", value: "STRICT_ALL_TABLES" },
        { kind: "set_option", name: "global.max_connections", value: "100" },
        { kind: "set_option", name: "global.x", value: "1" },
        { kind: "set_option", name: "names", value: "utf8mb4" },
        { kind: "set_option", name: "transaction", value: "ISOLATION LEVEL READ COMMITTED" },
        { kind: "no_schema_effect", statement: "SET PASSWORD" },
      ],
    },
    {
      name: "transactions",
      sql: "START TRANSACTION; BEGIN WORK; COMMIT; ROLLBACK; SAVEPOINT s; ROLLBACK TO SAVEPOINT s",
      expected: [
        { kind: "transaction", action: "begin" },
        { kind: "transaction", action: "begin" },
        { kind: "transaction", action: "commit" },
        { kind: "transaction", action: "rollback" },
        { kind: "no_schema_effect", statement: "SAVEPOINT" },
        { kind: "no_schema_effect", statement: "ROLLBACK TO SAVEPOINT" },
      ],
    },
    {
      name: "data statements name the tables they write",
      sql: "INSERT INTO db.t (a) SELECT b FROM u; REPLACE INTO t VALUES (1); INSERT LOW_PRIORITY IGNORE t SET a = 1; UPDATE t SET a = 1 WHERE b IN (SELECT c FROM u); UPDATE a, b SET a.x = 1, b.y = 2; DELETE FROM t WHERE a = 1; LOAD DATA LOCAL INFILE 'x.csv' REPLACE INTO TABLE t FIELDS TERMINATED BY ','; SELECT 1; CALL p()",
      expected: [
        { kind: "data", verb: "insert", table: { schema: "db", name: "t" } },
        { kind: "data", verb: "insert", table: T },
        { kind: "data", verb: "insert", table: T },
        { kind: "data", verb: "update", table: T },
        { kind: "data", verb: "update", table: { name: "a" } },
        { kind: "data", verb: "update", table: { name: "b" } },
        { kind: "data", verb: "delete", table: T },
        { kind: "data", verb: "load", table: T },
        { kind: "data", verb: "select" },
        {
          kind: "opaque",
          statement: "CALL",
          reason: "calls p, which this file does not define: its effect is unknown",
          mayAffect: [],
        },
      ],
    },
    {
      name: "stored programs, grants, locks and administration have no schema effect",
      sql: `CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END;
        CREATE DEFINER=CURRENT_USER() TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;
        CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1;
        CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;
        DROP PROCEDURE IF EXISTS p; DROP TRIGGER tr; GRANT SELECT ON db.* TO 'u'@'%'; LOCK TABLES t WRITE; UNLOCK TABLES;
        FLUSH PRIVILEGES; ANALYZE TABLE t; OPTIMIZE TABLE t; SHOW TABLES; CREATE USER 'u'@'%'`,
      expected: [
        "CREATE PROCEDURE",
        "CREATE TRIGGER",
        "CREATE FUNCTION",
        "CREATE EVENT",
        "DROP PROCEDURE",
        "DROP TRIGGER",
        "GRANT",
        "LOCK",
        "UNLOCK",
        "FLUSH",
        "ANALYZE",
        "OPTIMIZE",
        "SHOW",
        "CREATE USER",
      ].map((statement) => ({ kind: "no_schema_effect", statement })),
    },
    {
      name: "MariaDB's SET STATEMENT … FOR runs the inner statement",
      sql: "SET STATEMENT max_statement_time=60 FOR ALTER TABLE t DROP a",
      expected: [{ kind: "drop_column", table: T, column: "a", ifExists: false, cascade: false }],
    },
  ])("$name", ({ sql, expected }) => {
    expect(changesOf(sql)).toEqual(expected);
  });

  it("reads the target of a multi-megabyte INSERT from its first tokens", () => {
    const sql = `INSERT INTO big VALUES ${Array.from({ length: 50_000 }, (_, i) => `(${i}, 'x;y')`).join(", ")};`;
    expect(changesOf(sql)).toEqual([{ kind: "data", verb: "insert", table: { name: "big" } }]);
  });

  it("reads mysqldump output: executable comments, DELIMITER ;; triggers and split view definitions", () => {
    const sql = `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
DROP TABLE IF EXISTS \`film\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`film\` (
  \`film_id\` smallint unsigned NOT NULL AUTO_INCREMENT,
  \`title\` varchar(128) NOT NULL,
  \`special_features\` set('Trailers','Commentaries') DEFAULT NULL,
  \`last_update\` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (\`film_id\`),
  KEY \`idx_title\` (\`title\`),
  CONSTRAINT \`fk_film_language\` FOREIGN KEY (\`language_id\`) REFERENCES \`language\` (\`language_id\`) ON DELETE RESTRICT ON UPDATE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=1001 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
LOCK TABLES \`film\` WRITE;
/*!40000 ALTER TABLE \`film\` DISABLE KEYS */;
INSERT INTO \`film\` VALUES (1,'ACADEMY DINOSAUR','Deleted Scenes,Behind the Scenes','2006-02-15 05:03:42');
/*!40000 ALTER TABLE \`film\` ENABLE KEYS */;
UNLOCK TABLES;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER \`ins_film\` AFTER INSERT ON \`film\` FOR EACH ROW BEGIN
    INSERT INTO film_text (film_id, title, description)
        VALUES (new.film_id, new.title, new.description);
  END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50001 DROP VIEW IF EXISTS \`actor_info\`*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=\`root\`@\`localhost\` SQL SECURITY INVOKER */
/*!50001 VIEW \`actor_info\` AS select \`a\`.\`actor_id\` AS \`actor_id\` from \`actor\` \`a\` */;`;
    const parsed = mysql.parse(sql);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((statement) => statement.statementType)).toEqual([
      "SET",
      "SET NAMES",
      "SET",
      "SET",
      "DROP TABLE",
      "SET",
      "SET",
      "CREATE TABLE",
      "SET",
      "LOCK",
      "ALTER TABLE",
      "INSERT",
      "ALTER TABLE",
      "UNLOCK",
      "SET",
      "CREATE TRIGGER",
      "SET",
      "DROP VIEW",
      "CREATE VIEW",
    ]);
    expect(changesOf(sql).at(-1)).toEqual({
      kind: "create_view",
      view: {
        name: { name: "actor_info" },
        materialized: false,
        query: "select `a`.`actor_id` AS `actor_id` from `actor` `a`",
      },
      orReplace: false,
    });
  });

  it("names each statement and spans it without the delimiter", () => {
    const sql = "  CREATE TABLE t (a int);\n-- c\nALTER TABLE t ADD b int ;";
    const parsed = mysql.parse(sql);
    expect(
      parsed.statements.map((statement) => [
        statement.statementType,
        sql.slice(statement.span.start, statement.span.end),
      ]),
    ).toEqual([
      ["CREATE TABLE", "CREATE TABLE t (a int)"],
      ["ALTER TABLE", "ALTER TABLE t ADD b int"],
    ]);
  });
});

describe("statements that are not understood", () => {
  it("records valid MySQL it does not model as opaque, with the relations it names", () => {
    expect(changesOf("ALTER TABLE db.t ADD SYSTEM VERSIONING; IMPORT TABLE FROM '/tmp/t.sdi'")).toEqual([
      {
        kind: "opaque",
        statement: "ALTER TABLE",
        reason: "system versioning adds or removes the hidden row_start / row_end columns",
        mayAffect: [{ schema: "db", name: "t" }],
      },
      {
        kind: "opaque",
        statement: "IMPORT TABLE",
        reason:
          "Schematic does not model this statement (IMPORT TABLE creates tables from files that the migration does not show)",
        mayAffect: [],
      },
    ]);
  });

  it.each([
    {
      name: "text that is not SQL",
      sql: "SELECT 1;\nthis is not sql;",
      error: { message: 'Not valid MySQL: unknown statement, found "this".', offset: 10 },
    },
    {
      name: "DROP INDEX without the table, which MySQL requires",
      sql: "DROP INDEX idx;",
      error: { message: "Not valid MySQL: DROP INDEX needs the table in MySQL.", offset: 11 },
    },
    {
      name: "a -- comment without a space, which MySQL reads as two minus signs",
      sql: "--DROP INDEX i ON t;\nSELECT 1;",
      error: { message: "Not valid MySQL: `--` starts a comment only when a space follows it.", offset: 0 },
    },
    {
      name: "an unclosed column list",
      sql: "CREATE TABLE t (a int",
      error: { message: 'Not valid MySQL: expected ")", found the end of the statement.', offset: 21 },
    },
  ])("reports $name as a parse error at its offset, and goes on", ({ sql, error }) => {
    const parsed = mysql.parse(sql);
    expect(parsed.errors).toEqual([{ ...error, hint: expect.any(String) }]);
    expect(parsed.statements.length).toBe(sql.split(";").filter((part) => part.trim() !== "").length - 1);
  });

  it("never drops a statement: every statement has changes, or an error", () => {
    const sql =
      "ALTER TABLE t ENGINE=InnoDB; ALTER TABLE t; SET @a = 1; DO SLEEP(1); HANDLER t OPEN; XA START 'x'";
    const parsed = mysql.parse(sql);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements).toHaveLength(6);
    for (const statement of parsed.statements) expect(statement.changes.length).toBeGreaterThan(0);
  });
});

describe("stored procedures that run DDL, and prepared statements", () => {
  const helpers = `
CREATE PROCEDURE PROC_DROP_FOREIGN_KEY(IN tableName VARCHAR(64), IN constraintName VARCHAR(64))
BEGIN
    IF EXISTS(
        SELECT * FROM information_schema.TABLE_CONSTRAINTS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = tableName AND CONSTRAINT_NAME = constraintName)
    THEN
        SET @query = CONCAT('ALTER TABLE ', tableName, ' DROP FOREIGN KEY ', constraintName, ';');
        PREPARE stmt FROM @query;
        EXECUTE stmt;
        DEALLOCATE PREPARE stmt;
    END IF;
END;
CREATE PROCEDURE add_audit_column() BEGIN ALTER TABLE audit ADD COLUMN who varchar(64); END;
`;

  it("expands a CALL into the DDL the procedure runs, conditional drops becoming IF EXISTS", () => {
    const sql = `${helpers}
CALL PROC_DROP_FOREIGN_KEY('orders', 'orders_customer_fk');
CALL add_audit_column();`;
    expect(changesOf(sql)).toEqual([
      { kind: "no_schema_effect", statement: "CREATE PROCEDURE" },
      { kind: "no_schema_effect", statement: "CREATE PROCEDURE" },
      {
        kind: "drop_constraint",
        table: { name: "orders" },
        name: "orders_customer_fk",
        constraintKind: "foreign_key",
        ifExists: true,
      },
      {
        kind: "add_column",
        table: { name: "audit" },
        column: {
          name: "who",
          type: { family: "string", name: "varchar", raw: "varchar(64)", length: 64 },
          nullable: true,
        },
        ifNotExists: false,
      },
    ]);
    const calls = spanTexts(sql).slice(2);
    expect(calls).toEqual([
      "CALL PROC_DROP_FOREIGN_KEY('orders', 'orders_customer_fk')",
      "CALL add_audit_column()",
    ]);
  });

  it("remembers procedures across files when given the same script state, and forgets dropped ones", () => {
    const script = new MysqlScriptState();
    parseMysql(helpers, script);
    const call = "CALL PROC_DROP_FOREIGN_KEY('orders', 'fk1')";
    expect(changesOf(call, parseMysql(call, script))).toEqual([
      {
        kind: "drop_constraint",
        table: { name: "orders" },
        name: "fk1",
        constraintKind: "foreign_key",
        ifExists: true,
      },
    ]);
    parseMysql("DROP PROCEDURE IF EXISTS PROC_DROP_FOREIGN_KEY", script);
    expect(changesOf(call, parseMysql(call, script))).toEqual([
      {
        kind: "opaque",
        statement: "CALL",
        reason: "calls proc_drop_foreign_key, which this file does not define: its effect is unknown",
        mayAffect: [{ name: "orders" }, { name: "fk1" }],
      },
    ]);
  });

  it("keeps a CALL opaque when the procedure builds SQL from queried values", () => {
    const sql = `CREATE PROCEDURE p() BEGIN
      SELECT GROUP_CONCAT(t) INTO @q FROM x; SET @s = CONCAT('DROP TABLE ', @q); PREPARE st FROM @s; EXECUTE st; END;
      CALL p();`;
    expect(changesOf(sql)[1]).toEqual({
      kind: "opaque",
      statement: "CALL",
      reason: "p runs SQL that is built from values known only when it runs",
      mayAffect: [],
    });
  });

  it("follows a top-level PREPARE … FROM @variable and EXECUTE", () => {
    const sql =
      "SET @t = 'orders'; SET @s = CONCAT('ALTER TABLE ', @t, ' ADD INDEX ix (a)'); PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st; PREPARE other FROM @unknown; EXECUTE other";
    expect(changesOf(sql)).toEqual([
      { kind: "set_option", name: "@t", value: "orders" },
      { kind: "set_option", name: "@s", value: "CONCAT('ALTER TABLE ', @t, ' ADD INDEX ix (a)')" },
      { kind: "no_schema_effect", statement: "PREPARE" },
      {
        kind: "create_index",
        index: { name: "ix", table: { name: "orders" }, columns: ["a"], unique: false },
        ifNotExists: false,
      },
      { kind: "no_schema_effect", statement: "DEALLOCATE" },
      { kind: "no_schema_effect", statement: "PREPARE" },
      {
        kind: "opaque",
        statement: "EXECUTE",
        reason: "runs a prepared statement whose SQL is not known from the migration",
        mayAffect: [],
      },
    ]);
  });
});

describe("capabilities", () => {
  it("describes MySQL", () => {
    expect(mysql.name).toBe("mysql");
    expect(mysql.defaultSchema).toBeUndefined();
    expect(mysql.capabilities).toMatchObject({
      transactionalDdl: false,
      enforcesForeignKeys: true,
      indexesForeignKeys: true,
      identifierLimits: {
        unit: "characters",
        max: { schema: 64, table: 64, view: 64, column: 64, index: 64, constraint: 64 },
        overLimit: "error",
      },
      notNullColumnNeedsDefault: false,
      asynchronousSchemaChange: false,
      tableModels: false,
      schemaIsDatabase: true,
      concurrentIndexes: false,
      onlineDdlOptions: true,
      maxDecimalPrecision: 65,
      timestampEndsIn2038: true,
      characterSets: true,
      lockTimeoutSetting: "lock_wait_timeout",
      zonedTimestamps: false,
      cheapUnboundedStrings: false,
      viewsBindColumns: false,
    });
    // Table names are case-sensitive on Linux servers: Users and users are two tables.
    expect(storedIdentifier(mysql.identifiers, "Users", false)).toBe("Users");
    expect(nameKey(mysql.identifiers.relations, "Users")).not.toBe(
      nameKey(mysql.identifiers.relations, "users"),
    );
  });
});
