/**
 * Walking the dbt graph: what sits downstream of a node, which tests check a column, which exposures
 * (dashboards, applications) read a node.
 */
import type { DbtNode, DbtProject } from "./model.js";
import { parseRefExpression, resolveRefExpression } from "./ref-expression.js";

export interface DownstreamStep {
  /** 1 for a direct child, 2 for a grandchild, ... (the shortest path). */
  readonly depth: number;
  /** The node it was reached through: one of the starting ids at depth 1, else a node one step closer. */
  readonly via: string;
}

/**
 * Every node downstream of `uniqueIds` through child_map, breadth first so each gets its shortest depth;
 * ties go to the first path found (starting ids in the order given, children in child_map order). The
 * starting nodes are not included, even when one is downstream of another.
 */
export function downstreamOf(project: DbtProject, uniqueIds: readonly string[]): Map<string, DownstreamStep> {
  const starts = new Set(uniqueIds);
  const reached = new Map<string, DownstreamStep>();
  let frontier = [...starts];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const parent of frontier) {
      for (const child of project.childMap.get(parent) ?? []) {
        if (starts.has(child) || reached.has(child)) continue;
        reached.set(child, { depth, via: parent });
        next.push(child);
      }
    }
    frontier = next;
  }
  return reached;
}

/** How a test involves a column. */
export type ColumnTestRole =
  /** The test's column_name (not_null, unique, accepted_values, relationships' own column, ...). */
  | "column"
  /** One of the columns of a multi-column test (dbt_utils.unique_combination_of_columns, ...). */
  | "combination"
  /** The referenced column of a relationships test (`to: ref('customers'), field: id`). */
  | "relationship-target";

export interface ColumnTest {
  readonly test: DbtNode;
  readonly role: ColumnTestRole;
}

/** kwargs that list several columns of the tested node. */
const COLUMN_LIST_KWARGS = ["combination_of_columns", "column_names", "columns"] as const;

/**
 * The generic tests that read `column` of `nodeId`: tests attached to it with that column, multi-column
 * tests listing it, and relationships tests whose target is that node and column. Column names compare
 * case-insensitively, ignoring quotes (a test's column_name may be written `"Id"`).
 */
export function testsOnColumn(project: DbtProject, nodeId: string, column: string): ColumnTest[] {
  const wanted = normalizeColumn(column);
  const found: ColumnTest[] = [];
  for (const node of project.nodes.values()) {
    const test = node.test;
    if (node.resourceType !== "test" || !test) continue;
    if (test.attachedNode === nodeId) {
      if (test.columnName !== undefined && normalizeColumn(test.columnName) === wanted) {
        found.push({ test: node, role: "column" });
        continue;
      }
      if (listsColumn(test.kwargs, wanted)) {
        found.push({ test: node, role: "combination" });
        continue;
      }
    }
    if (isRelationshipTarget(project, node, nodeId, wanted))
      found.push({ test: node, role: "relationship-target" });
  }
  return found;
}

function normalizeColumn(name: string): string {
  const trimmed = name.trim();
  const unquoted = /^(["`[])(.*)["`\]]$/s.exec(trimmed)?.[2] ?? trimmed;
  return unquoted.toLowerCase();
}

function listsColumn(kwargs: Readonly<Record<string, unknown>>, wanted: string): boolean {
  return COLUMN_LIST_KWARGS.some((key) => {
    const list = kwargs[key];
    return (
      Array.isArray(list) && list.some((item) => typeof item === "string" && normalizeColumn(item) === wanted)
    );
  });
}

/** relationships (dbt's, or a package's with the same `to`/`field` arguments). */
function isRelationshipTarget(project: DbtProject, test: DbtNode, nodeId: string, wanted: string): boolean {
  const { to, field } = test.test?.kwargs ?? {};
  if (typeof to !== "string" || typeof field !== "string" || normalizeColumn(field) !== wanted) return false;
  if (!test.dependsOn.includes(nodeId)) return false;
  const expression = parseRefExpression(to);
  if (!expression) return false;
  const candidates = test.dependsOn.map((id) => project.nodes.get(id)).filter((node) => node !== undefined);
  return resolveRefExpression(expression, candidates)?.uniqueId === nodeId;
}

/** Every test (generic or singular) that depends on the node. */
export function testsOnNode(project: DbtProject, nodeId: string): DbtNode[] {
  return (project.childMap.get(nodeId) ?? [])
    .map((id) => project.nodes.get(id))
    .filter((node): node is DbtNode => node?.resourceType === "test");
}

/**
 * Exposures that depend on the node: directly, or with `transitive` through any chain of models
 * (a dashboard on a mart built from the changed staging model).
 */
export function exposuresDependingOn(
  project: DbtProject,
  nodeId: string,
  options: { readonly transitive?: boolean } = {},
): DbtNode[] {
  const ids = options.transitive
    ? [...downstreamOf(project, [nodeId]).keys()]
    : [...(project.childMap.get(nodeId) ?? [])];
  return ids
    .map((id) => project.nodes.get(id))
    .filter((node): node is DbtNode => node?.resourceType === "exposure");
}
