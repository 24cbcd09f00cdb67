/** What every server action returns: typed success or a message fit to show, never a thrown error. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string };

export function firstIssueMessage(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return "Invalid input.";
  const field = issue.path.map(String).join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}
