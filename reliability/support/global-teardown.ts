import { readReportParts } from "./report";
import { currentParts, mergeParts, writeReliabilitySection } from "./results";

/**
 * After a run: the report parts go into bench/results.md's reliability section; parts this work
 * tree has not measured yet (a run of one spec) keep what the section already says.
 */
export default function globalTeardown(): void {
  const parts = readReportParts();
  if (parts.length > 0) writeReliabilitySection(mergeParts(currentParts(), parts).join("\n\n"));
}
