import Link from "next/link";
import type { DatasetSummary } from "@/lib/data/datasets";

const numberFormat = new Intl.NumberFormat("en-US");

/** A read-only table of public datasets, each linking to its explorer page. */
export function PublicDatasets({ datasets }: { datasets: DatasetSummary[] }) {
  if (datasets.length === 0) return <p className="text-sm text-muted">No public datasets yet.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
      <table className="w-full text-sm" data-testid="public-datasets">
        <thead className="text-left text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 text-right font-medium">Rows</th>
            <th className="px-4 py-2 text-right font-medium">Columns</th>
            <th className="px-4 py-2 font-medium">Shared by</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((dataset) => (
            <tr
              key={dataset.id}
              data-dataset-id={dataset.id}
              className="border-b border-border last:border-0"
            >
              <td className="px-4 py-2 font-medium">
                <Link href={`/datasets/${dataset.id}`} className="hover:underline">
                  {dataset.name}
                </Link>
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{numberFormat.format(dataset.rowCount)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{dataset.columnCount}</td>
              <td className="px-4 py-2 text-muted">
                {dataset.source === "builtin" ? "Built-in example" : dataset.ownerName}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
