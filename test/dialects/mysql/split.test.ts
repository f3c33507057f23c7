import { describe, expect, it } from "vitest";
import { splitMysql } from "../../../src/dialects/mysql/split.js";
import { mysql } from "./helpers.js";

/** The text of each statement as its span slices it from the script. */
function pieces(sql: string): string[] {
  return splitMysql(sql).map((statement) => sql.slice(statement.span.start, statement.span.end));
}

describe("splitMysql", () => {
  it.each([
    {
      name: "plain statements",
      sql: "SELECT 1; SELECT 2;\nSELECT 3",
      expected: ["SELECT 1", "SELECT 2", "SELECT 3"],
    },
    { name: "empty statements are skipped", sql: ";; SELECT 1;;\n;", expected: ["SELECT 1"] },
    {
      name: "leading comments and whitespace are not part of a statement",
      sql: "-- a comment;\n# another; one\n/* block ; */\n  SELECT 1;",
      expected: ["SELECT 1"],
    },
    {
      name: "a comment before the delimiter is not part of the statement",
      sql: "SELECT 1 -- trailing;\n;SELECT 2 /* x; */;",
      expected: ["SELECT 1", "SELECT 2"],
    },
    {
      name: "-- without a following space is not a comment (MySQL needs whitespace after --)",
      sql: "SELECT 1--;\nSELECT 2",
      expected: ["SELECT 1--", "SELECT 2"],
    },
    {
      name: "-- at the very end of the text is a comment",
      sql: "SELECT 1;--",
      expected: ["SELECT 1"],
    },
    {
      name: "single quotes with backslash escapes and doubled quotes",
      sql: "SELECT 'it\\'s; fine', 'a''b;c'; SELECT 2",
      expected: ["SELECT 'it\\'s; fine', 'a''b;c'", "SELECT 2"],
    },
    {
      name: "an escaped backslash ends before the quote",
      sql: "SELECT 'a\\\\'; SELECT 2",
      expected: ["SELECT 'a\\\\'", "SELECT 2"],
    },
    {
      name: "double quotes and backticks",
      sql: 'SELECT "x;\\"y" FROM `we;ird``name`; SELECT 2',
      expected: ['SELECT "x;\\"y" FROM `we;ird``name`', "SELECT 2"],
    },
    {
      name: "a comment opener inside a string is text",
      sql: "SELECT '/* not a comment'; SELECT '-- nor this'; SELECT 3",
      expected: ["SELECT '/* not a comment'", "SELECT '-- nor this'", "SELECT 3"],
    },
    {
      name: "an unterminated string runs to the end",
      sql: "SELECT 1; SELECT 'open; SELECT 2",
      expected: ["SELECT 1", "SELECT 'open; SELECT 2"],
    },
  ])("$name", ({ sql, expected }) => {
    expect(pieces(sql)).toEqual(expected);
  });

  describe("the DELIMITER client command", () => {
    it.each([
      {
        name: "$$ then back to ;",
        sql: "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$\nDELIMITER ;\nSELECT 3;",
        expected: ["CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3"],
      },
      {
        name: "// in lower case",
        sql: "delimiter //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END //\ndelimiter ;\nSELECT 4",
        expected: ["CREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "SELECT 4"],
      },
      {
        name: ";; as mysqldump writes triggers",
        sql: "DELIMITER ;;\nCREATE TRIGGER a AFTER INSERT ON b FOR EACH ROW BEGIN\n IF 1 THEN SELECT 1; END IF;\nEND;;\nDELIMITER ;\nSELECT 5;",
        expected: [
          "CREATE TRIGGER a AFTER INSERT ON b FOR EACH ROW BEGIN\n IF 1 THEN SELECT 1; END IF;\nEND",
          "SELECT 5",
        ],
      },
      {
        name: "a delimiter of several statements in a row",
        sql: "DELIMITER //\nSELECT 1 //\nSELECT 2 //\nDELIMITER ;",
        expected: ["SELECT 1", "SELECT 2"],
      },
      {
        name: "a quoted delimiter",
        sql: "DELIMITER '$'\nSELECT 1$SELECT 2$",
        expected: ["SELECT 1", "SELECT 2"],
      },
    ])("$name", ({ sql, expected }) => {
      expect(pieces(sql)).toEqual(expected);
    });
  });

  describe("stored programs written without DELIMITER", () => {
    it.each([
      {
        name: "a procedure with nested blocks, labels, loops and CASE statements and expressions",
        sql: `CREATE PROCEDURE p(IN x INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DROP TABLE IF EXISTS tmp;
  lbl: LOOP
    SET i = i + 1;
    IF i > x THEN LEAVE lbl; END IF;
  END LOOP lbl;
  WHILE i > 0 DO SET i = i - 1; END WHILE;
  REPEAT SET i = i + 1; UNTIL i > 3 END REPEAT;
  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT CASE WHEN x > 2 THEN 'a' ELSE 'b' END; END CASE;
  SELECT IF(x > 1, 'a', 'b'), REPEAT('x', 3);
  BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;
  END;
END;
SELECT 6;`,
        count: 2,
        last: "SELECT 6",
      },
      {
        name: "a trigger whose body is one statement",
        sql: "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1;\nSELECT 7;",
        count: 2,
        last: "SELECT 7",
      },
      {
        name: "a trigger whose body is an IF statement",
        sql: "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a > 0 THEN SET NEW.b = 1; ELSEIF NEW.a < 0 THEN SET NEW.b = 2; ELSE IF 1 THEN SET NEW.b = 3; END IF; END IF;\nSELECT 8;",
        count: 2,
        last: "SELECT 8",
      },
      {
        name: "an event with a definer",
        sql: "CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t WHERE a < NOW(); END;\nSELECT 9;",
        count: 2,
        last: "SELECT 9",
      },
      {
        name: "a function whose body is RETURN IF(…)",
        sql: "CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 2);\nSELECT 10;",
        count: 2,
        last: "SELECT 10",
      },
      {
        name: "MariaDB's BEGIN NOT ATOMIC block",
        sql: "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END;\nSELECT 11;",
        count: 2,
        last: "SELECT 11",
      },
      {
        name: "a plain BEGIN is a transaction, not a block",
        sql: "BEGIN; INSERT INTO t VALUES (1); COMMIT;",
        count: 3,
        last: "COMMIT",
      },
      {
        name: "a CASE expression in an ordinary statement does not hold the delimiter",
        sql: "SELECT CASE WHEN a THEN 1 END FROM t; SELECT 12;",
        count: 2,
        last: "SELECT 12",
      },
      {
        name: "a table or column named like a block keyword",
        sql: "CREATE TABLE `loop` (`if` int, `end` int); SELECT 13;",
        count: 2,
        last: "SELECT 13",
      },
    ])("$name", ({ sql, count, last }) => {
      const found = pieces(sql);
      expect(found).toHaveLength(count);
      expect(found.at(-1)).toBe(last);
    });

    it("keeps the whole body of a procedure that ends with END;", () => {
      const sql = "CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END;";
      expect(pieces(sql)).toEqual(["CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END"]);
    });
  });

  describe("executable comments", () => {
    it("starts the statement inside /*!…*/ and blanks the markers in its text", () => {
      const sql = "/*!40101 SET NAMES utf8 */;\nSELECT 1";
      const [first, second] = splitMysql(sql);
      expect(sql.slice(first!.span.start, first!.span.end)).toBe("SET NAMES utf8");
      expect(first!.text).toBe("SET NAMES utf8");
      expect(second!.text).toBe("SELECT 1");
    });

    it("treats the content of several executable comments as one statement, as mysqldump writes views", () => {
      const sql =
        "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n/*!50001 VIEW `v` AS select 1 AS `a` */;";
      const [view] = splitMysql(sql);
      expect(view!.text.replace(/\s+/g, " ")).toBe(
        "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1 AS `a`",
      );
      expect(view!.text).toHaveLength(view!.span.end - view!.span.start);
    });

    it("reads MariaDB's /*M!…*/ and a comment inside a statement", () => {
      const sql = "CREATE TABLE t (a int) /*!50100 PARTITION BY HASH (a) */ /*M!100101 COMMENT 'x' */;";
      const [table] = splitMysql(sql);
      expect(table!.text.replace(/\s+/g, " ")).toBe(
        "CREATE TABLE t (a int) PARTITION BY HASH (a) COMMENT 'x'",
      );
    });

    it("keeps ordinary block comments and optimizer hints as comments", () => {
      const sql = "/* SELECT 0; */ SELECT /*+ NO_ICP(t) */ 1;";
      expect(pieces(sql)).toEqual(["SELECT /*+ NO_ICP(t) */ 1"]);
    });
  });

  it("is linear on a large script", () => {
    const sql = "INSERT INTO t VALUES (1, 'a;b', \"c\");\n".repeat(20_000);
    const started = performance.now();
    expect(splitMysql(sql)).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("an unclosed quote or comment is a parse error, as in PostgreSQL and StarRocks", () => {
  it.each([
    ["CREATE TABLE a (id INT);\n/* forgot to close\n", "unterminated /* comment", 25],
    ["CREATE TABLE `a (id INT);\n", "unterminated `quoted identifier`", 13],
    ["INSERT INTO a VALUES ('x);\n", "unterminated string starting with '", 22],
    ['SELECT "abc\\";\n', 'unterminated string starting with "', 7],
    ["/*!40101 SET NAMES utf8;\n", "unterminated /*! executable comment", 0],
  ])("%j", (sql, what, offset) => {
    expect(mysql.parse(sql).errors[0]).toEqual({
      message: `Not valid MySQL: ${what}`,
      offset,
      hint: "Close the quoted string, quoted identifier or comment that starts here.",
    });
  });

  it("leaves closed quotes and comments alone, at the very end of the file too", () => {
    for (const sql of [
      "SELECT 'it''s';",
      "SELECT `a``b`",
      "SELECT 1 /* end */",
      "/*!40101 SET NAMES utf8 */;",
    ]) {
      expect(mysql.parse(sql).errors, sql).toEqual([]);
    }
  });
});
