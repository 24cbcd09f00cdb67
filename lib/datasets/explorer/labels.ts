import type { Col } from "./sql";

// Group labels, without imports that read the environment: the test fixtures (which set the
// database path before loading the server modules) compute column statistics with them.

export const MISSING = "(missing)";

/**
 * The column (or `expr`, a column of a grouped result) as a group label: booleans read
 * "true"/"false", NULL reads "(missing)".
 */
export function labelExpr(col: Col, expr: string = col.ident): string {
  if (col.type === "boolean")
    return `CASE ${expr} WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE '${MISSING}' END`;
  return `COALESCE(${expr}, '${MISSING}')`;
}
