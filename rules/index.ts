import type { Rule } from "../src/lint/rule.js";
import avoidDdlOnDbtRelations from "./avoid-ddl-on-dbt-relations.js";
import protectDbtColumns from "./protect-dbt-columns.js";
import protectDbtNotNull from "./protect-dbt-not-null.js";
import protectDbtTypes from "./protect-dbt-types.js";
import requireNotNullDefault from "./require-not-null-default.js";

/** Every rule, sorted by id. The meta-test checks this list against the files in this folder. */
export const RULES: readonly Rule[] = [
  avoidDdlOnDbtRelations,
  protectDbtColumns,
  protectDbtNotNull,
  protectDbtTypes,
  requireNotNullDefault,
];
