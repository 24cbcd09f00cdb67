import { actionHeaders, serverActions } from "./actions";
import { wholeDemoPeriod } from "../../lib/overview/filters";

// Background jobs started the way the /jobs page starts them: the startJob server action, posted
// with a session cookie. Their state is read back from the database by the specs, never through
// the app.

export type StartJobInput =
  | { kind: "forecast" }
  | {
      kind: "export";
      filters: {
        regions: string[];
        categories: string[];
        channels: string[];
        from: string;
        to: string;
        granularity: "day" | "week" | "month";
      };
    };

/** Every order of the demo data's five years. */
export const EXPORT_ALL_ORDERS: StartJobInput = {
  kind: "export",
  filters: wholeDemoPeriod("month"),
};

export async function startJob(baseUrl: string, cookie: string, input: StartJobInput): Promise<void> {
  const action = serverActions().find((candidate) => candidate.name === "startJob");
  if (!action) throw new Error("no startJob action in the build's manifest");
  const response = await fetch(`${baseUrl}${action.page}`, {
    method: "POST",
    headers: { ...actionHeaders(action), cookie },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  if (!text.includes('"ok":true'))
    throw new Error(`startJob(${input.kind}) failed (${response.status}): ${text}`);
}
