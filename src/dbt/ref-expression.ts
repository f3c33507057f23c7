/**
 * Generic tests name the relation they test in Jinja (`{{ get_where_subquery(ref('orders')) }}`,
 * `source('shop', 'orders')`, relationships' `to: ref('customers')`). These helpers find which of the
 * test's depends_on nodes such an expression means.
 */
import type { DbtNode } from "./model.js";

export type RefExpression =
  | { readonly kind: "ref"; readonly name: string; readonly packageName?: string; readonly version?: string }
  | { readonly kind: "source"; readonly sourceName: string; readonly tableName: string };

const QUOTED = String.raw`\s*(['"])([^'"]+)\1\s*`;
const REF = new RegExp(
  String.raw`\bref\(${QUOTED}(?:,${QUOTED.replace("\\1", "\\3")})?(?:,\s*v(?:ersion)?\s*=\s*['"]?([\w.]+)['"]?\s*)?\)`,
);
const SOURCE = new RegExp(String.raw`\bsource\(${QUOTED},${QUOTED.replace("\\1", "\\3")}\)`);

export function parseRefExpression(text: string): RefExpression | undefined {
  const source = SOURCE.exec(text);
  if (source) return { kind: "source", sourceName: source[2]!, tableName: source[4]! };
  const ref = REF.exec(text);
  if (!ref) return undefined;
  // ref('package', 'model') puts the package first.
  const name = ref[4] ?? ref[2]!;
  const packageName = ref[4] === undefined ? undefined : ref[2];
  const version = ref[5];
  return {
    kind: "ref",
    name,
    ...(packageName === undefined ? {} : { packageName }),
    ...(version === undefined ? {} : { version }),
  };
}

/** The node among `candidates` that the expression refers to, if exactly one fits. */
export function resolveRefExpression(
  expression: RefExpression,
  candidates: readonly DbtNode[],
): DbtNode | undefined {
  const matches = candidates.filter((node) => refers(expression, node));
  if (matches.length === 1) return matches[0];
  if (expression.kind === "ref" && matches.length > 1) {
    // Several versions of one model: without a version, ref() means the latest, which dbt lists as the
    // model without a `.vN` suffix or with the highest one; prefer an exact name match, else give up.
    return matches.find((node) => node.uniqueId.endsWith(`.${expression.name}`));
  }
  return undefined;
}

function refers(expression: RefExpression, node: DbtNode): boolean {
  if (expression.kind === "source") {
    return (
      node.resourceType === "source" &&
      node.uniqueId.endsWith(`.${expression.sourceName}.${expression.tableName}`)
    );
  }
  if (node.resourceType === "source" || node.name !== expression.name) return false;
  if (expression.packageName !== undefined && node.packageName !== expression.packageName) return false;
  if (expression.version !== undefined) return node.uniqueId.endsWith(`.v${expression.version}`);
  return true;
}
