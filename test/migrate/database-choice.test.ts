import { describe, expect, it } from "vitest";
import { emptyConfig, parseConfig } from "../../src/config/config.js";
import { chooseDatabase } from "../../src/migrate/database-choice.js";
import { describeChoice, dialectOfChoice } from "../../src/migrate/open-database.js";
import { historyLocation, sessionSettings } from "../../src/migrate/project-database.js";

const CONFIG = parseConfig(
  [
    "environments:",
    "  dev:",
    "    url: ${DEV_URL}",
    "    schema: app",
    "    lock_timeout: 3s",
    "  prod:",
    "    url: ${PROD_URL}",
    "    history: {table: done, schema: ops}",
    "    statement_timeout: 2min",
    "  local:",
    "    schema: scratch",
    "defaultEnvironment: dev",
    "",
  ].join("\n"),
  "/project/schematic.yml",
  { DEV_URL: "postgres://dev@db/dev", PROD_URL: "mysql://prod:secret@db/prod" },
).config;

describe("which database: --url, --env, SCHEMATIC_DATABASE_URL, defaultEnvironment, embedded", () => {
  const table: [
    string,
    Parameters<typeof chooseDatabase>[0],
    NodeJS.ProcessEnv,
    string,
    string | undefined,
  ][] = [
    [
      "--url wins over everything",
      { url: "postgres://u@h/x", environment: "prod" },
      { SCHEMATIC_DATABASE_URL: "postgres://v@h/y" },
      "postgres://u@h/x",
      "prod",
    ],
    [
      "--env next",
      { environment: "prod" },
      { SCHEMATIC_DATABASE_URL: "postgres://v@h/y" },
      "mysql://prod:secret@db/prod",
      "prod",
    ],
    [
      "then the variable (the default environment not applied)",
      {},
      { SCHEMATIC_DATABASE_URL: "postgres://v@h/y" },
      "postgres://v@h/y",
      undefined,
    ],
    ["then the default environment", {}, {}, "postgres://dev@db/dev", "dev"],
    [
      "an environment without url falls through to the variable",
      { environment: "local" },
      { SCHEMATIC_DATABASE_URL: "postgres://v@h/y" },
      "postgres://v@h/y",
      "local",
    ],
  ];
  it.each(table)("%s", (_, flags, env, url, environment) => {
    const choice = chooseDatabase(flags, CONFIG, env, "/elsewhere");
    expect(choice).toMatchObject({ kind: "url", url });
    expect(choice.environment?.name).toBe(environment);
  });

  it("nothing named: the embedded database in .schematic/ beside schematic.yml", () => {
    expect(chooseDatabase({}, { ...CONFIG, defaultEnvironment: undefined }, {}, "/elsewhere")).toEqual({
      kind: "embedded",
      directory: "/project/.schematic/pglite",
    });
    const none = chooseDatabase({}, emptyConfig(), {}, "/work");
    expect(none).toEqual({ kind: "embedded", directory: "/work/.schematic/pglite" });
    expect(dialectOfChoice(none)).toBe("postgres");
    expect(describeChoice(none, "/work")).toBe("embedded PostgreSQL (PGlite) in .schematic/pglite");
  });

  it("an environment whose variable is unset is an error only when used", () => {
    const partial = parseConfig(
      "environments:\n  prod:\n    url: ${PROD_URL}\n  dev:\n    url: ${DEV_URL}\n",
      "/p/schematic.yml",
      { DEV_URL: "postgres://d@h/d" },
    );
    expect(partial.errors).toEqual([]);
    expect(chooseDatabase({ environment: "dev" }, partial.config, {}, "/p")).toMatchObject({
      url: "postgres://d@h/d",
    });
    expect(() => chooseDatabase({ environment: "prod" }, partial.config, {}, "/p")).toThrow(
      "Environment prod needs variables that are not set: /environments/prod/url: environment variable PROD_URL is not set.",
    );
    expect(() => chooseDatabase({ environment: "qa" }, partial.config, {}, "/p")).toThrow(
      "--env qa names no environment in schematic.yml.",
    );
  });

  it("the environment's schema, history table and timeouts", () => {
    const dev = chooseDatabase({ environment: "dev" }, CONFIG, {}, "/");
    expect(historyLocation(dev)).toEqual({ table: "schematic_history", schema: "app" });
    expect(sessionSettings(dev)).toEqual({ schema: "app", lockTimeoutMs: 3000 });
    const prod = chooseDatabase({ environment: "prod" }, CONFIG, {}, "/");
    expect(historyLocation(prod)).toEqual({ table: "done", schema: "ops" });
    expect(sessionSettings(prod)).toEqual({ statementTimeoutMs: 120_000 });
    expect(describeChoice(prod, "/")).toBe("mysql://prod:***@db/prod");
    expect(historyLocation(chooseDatabase({ url: "postgres://h/x" }, emptyConfig(), {}, "/"))).toEqual({
      table: "schematic_history",
    });
  });

  it("configuration errors: an unknown key in an environment, a default that is not one", () => {
    expect(parseConfig("environments:\n  dev: {password: x}\n", "/p/s.yml", {}).errors).toEqual([
      "/environments/dev/password: unknown key",
    ]);
    expect(parseConfig("environments:\n  dev: {lock_timeout: soon}\n", "/p/s.yml", {}).errors).toEqual([
      "/environments/dev/lock_timeout: must be integer",
      String.raw`/environments/dev/lock_timeout: must match pattern "^\d+\s*(ms|s|min)?$"`,
    ]);
    expect(parseConfig("defaultEnvironment: prod\n", "/p/s.yml", {}).errors).toEqual([
      "/defaultEnvironment: prod is not one of environments:",
    ]);
  });
});
