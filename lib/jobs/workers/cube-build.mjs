// The SQL that builds an Explorer cube (lib/datasets/explorer/cube-build.ts plans them). Plain
// JavaScript so the cube worker (cube-worker.mjs, run from the working directory, never bundled)
// and the server's TypeScript share one definition. Every identifier is made here from integers.

function integer(value) {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`invalid identifier number ${value}`);
  return value;
}

/** Cube column names: the row count and per numeric column p: n<p>, s<p>, lo<p>, hi<p>. */
export const cubeMeasure = {
  rows: "n",
  count: (position) => `n${integer(position)}`,
  sum: (position) => `s${integer(position)}`,
  min: (position) => `lo${integer(position)}`,
  max: (position) => `hi${integer(position)}`,
};

/**
 * Creates `target` as the cube `plan` of `source` (server-made, possibly schema-qualified table
 * names) and returns its row count. Dims keep their column names (c<position>), so the Explorer's
 * filters and group expressions read the same on both tables.
 */
export function createCube(db, source, target, plan) {
  // The value column first, then most distinct values first: the sort's comparisons settle on
  // the first field more often (4.1-4.2 s against 4.6-4.9 s of CPU for cube 0 of 1M rows).
  const ordered =
    plan.cube === 0 ? [...plan.dims].reverse() : [plan.dims[0], ...plan.dims.slice(1).reverse()];
  const dims = ordered.map((p) => `c${integer(p)}`).join(", ");
  const measures = plan.measures.flatMap((p) => [
    `COUNT(c${integer(p)}) AS ${cubeMeasure.count(p)}`,
    `SUM(c${p}) AS ${cubeMeasure.sum(p)}`,
    `MIN(c${p}) AS ${cubeMeasure.min(p)}`,
    `MAX(c${p}) AS ${cubeMeasure.max(p)}`,
  ]);
  db.exec(
    `CREATE TABLE ${target} AS SELECT ${dims}, COUNT(*) AS ${cubeMeasure.rows}${measures.map((m) => `, ${m}`).join("")}
     FROM ${source} GROUP BY ${dims}`,
  );
  return db.prepare(`SELECT COUNT(*) FROM ${target}`).pluck().get();
}
