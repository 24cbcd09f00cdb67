import { readReportParts } from "./report";
import { writeReliabilitySection } from "./results";

/** After a run: the report parts go into bench/results.md's reliability section. */
export default function globalTeardown(): void {
  const parts = readReportParts();
  if (parts.length > 0) writeReliabilitySection(parts.join("\n\n"));
}
