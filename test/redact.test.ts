import { describe, expect, it } from "vitest";
import { redactSecrets, redactUrl } from "../src/redact.js";

describe("redactSecrets knows what a secret looks like", () => {
  it.each([
    ["CREATE USER app WITH PASSWORD 'hunter2';", "CREATE USER app WITH PASSWORD '***';"],
    [
      "ALTER ROLE app ENCRYPTED PASSWORD 'md5abc' VALID UNTIL 'x';",
      "ALTER ROLE app ENCRYPTED PASSWORD '***' VALID UNTIL 'x';",
    ],
    ["alter role x password $$dollar$$;", "alter role x password '***';"],
    ["CREATE USER 'u'@'%' IDENTIFIED BY 's3cr''et';", "CREATE USER 'u'@'%' IDENTIFIED BY '***';"],
    [
      "ALTER USER u IDENTIFIED WITH mysql_native_password BY 'pw';",
      "ALTER USER u IDENTIFIED WITH mysql_native_password BY '***';",
    ],
    ["CREATE USER u IDENTIFIED BY PASSWORD '*94BDCEBE';", "CREATE USER u IDENTIFIED BY PASSWORD '***';"],
    ["SET PASSWORD FOR u = PASSWORD('old');", "SET PASSWORD FOR u = PASSWORD('***');"],
    ["OPTIONS (user 'a', password 'b')", "OPTIONS (user 'a', password '***')"],
    [
      'PROPERTIES ("aws.s3.secret_key" = "AKIA", "aws.s3.access_key" = "k", "type" = "hive")',
      'PROPERTIES ("aws.s3.secret_key" = \'***\', "aws.s3.access_key" = \'***\', "type" = "hive")',
    ],
    ["postgres://app:s3cret@db:5432/x", "postgres://app:***@db:5432/x"],
    ["host=db password=abc user=y", "host=db password=*** user=y"],
    ["Server=db;Pwd=abc;", "Server=db;Pwd=***;"],
    ["password authentication failed for user app", "password authentication failed for user app"],
    [
      "Access denied for user 'root'@'127.0.0.1' (using password: YES).",
      "Access denied for user 'root'@'127.0.0.1' (using password: YES).",
    ],
    ["password: YESMAN", "password: ***"],
  ])("%s", (text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it("redactUrl keeps the URL and drops its password", () => {
    expect(redactUrl("mysql://root:pw@127.0.0.1:3306/test")).toBe("mysql://root:***@127.0.0.1:3306/test");
  });
});

describe("redactSecrets runs in linear time on hostile lines", () => {
  it.each([
    ["half a megabyte of one word", "ALTER".repeat(100_000)],
    ["an unclosed quote before a long word", `'${"a".repeat(500_000)}`],
    ["a quoted key before a long word", `"${"secret".repeat(80_000)}`],
    ["many unclosed PASSWORD quotes", "PASSWORD 'x ".repeat(40_000)],
    ["many URLs without a password's end", "postgres://u:p".repeat(30_000)],
    ["many IDENTIFIED WITH", `IDENTIFIED WITH ${"x".repeat(200_000)}`],
  ])("%s", (_label, text) => {
    const started = performance.now();
    redactSecrets(text);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
