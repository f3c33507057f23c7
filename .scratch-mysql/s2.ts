import { splitMysql } from "../src/dialects/mysql/split.js";
const cases: string[] = [
  "SELECT 'it\\'s; ok'; SELECT \"a\"\"b;\"; SELECT `we;ird`; # c;\nSELECT 1 -- x;\n; SELECT 1--;\nSELECT 2",
  "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 3;",
  "delimiter //\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END //\ndelimiter ;\nSELECT 4",
  "/*!40101 SET NAMES utf8 */;\n/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n/*!50001 VIEW `v` AS select 1 AS `a` */;\nSELECT 5",
  "CREATE PROCEDURE p(IN x INT)\nBEGIN\n  DECLARE i INT DEFAULT 0;\n  DROP TABLE IF EXISTS tmp;\n  lbl: LOOP\n    SET i = i + 1;\n    IF i > x THEN LEAVE lbl; END IF;\n  END LOOP lbl;\n  WHILE i > 0 DO SET i = i - 1; END WHILE;\n  REPEAT SET i = i + 1; UNTIL i > 3 END REPEAT;\n  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT CASE WHEN x > 2 THEN 'a' ELSE 'b' END; END CASE;\n  SELECT IF(x > 1, 'a', 'b'), REPEAT('x', 3);\nEND;\nSELECT 6;",
  "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1;\nSELECT 7;",
  "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a > 0 THEN SET NEW.b = 1; ELSEIF NEW.a < 0 THEN SET NEW.b = 2; END IF;\nSELECT 8;",
  "CREATE DEFINER=`root`@`%` EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t WHERE a < NOW(); END;\nSELECT 9;",
  "BEGIN; INSERT INTO t VALUES (1); COMMIT;",
  "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END;\nSELECT 10;",
  "CREATE FUNCTION f(a INT) RETURNS INT DETERMINISTIC RETURN IF(a > 0, 1, 2);\nSELECT 11;",
  "DELIMITER ;;\nCREATE TRIGGER a AFTER INSERT ON b FOR EACH ROW BEGIN\n IF 1 THEN SELECT 1; END IF;\nEND;;\nDELIMITER ;\nSELECT 12;",
];
for (const c of cases) {
  console.log("----");
  for (const s of splitMysql(c)) console.log(JSON.stringify(s.span), JSON.stringify(s.text));
}
