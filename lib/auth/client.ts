// Browser side of next-auth's credentials flow, without next-auth/react (which also writes a
// broadcast message to localStorage): fetch a CSRF token, then POST the form to next-auth.

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { cache: "no-store" });
  const body = (await response.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error("no CSRF token");
  return body.csrfToken;
}

async function postAuth(path: string, fields: Record<string, string>): Promise<URL> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" }),
  });
  const body = (await response.json()) as { url?: string };
  return new URL(body.url ?? "/", window.location.origin);
}

/** Signs in; resolves to null on success or the error code/message next-auth put in the URL. */
export async function signInWithPassword(username: string, password: string): Promise<string | null> {
  try {
    const url = await postAuth("/api/auth/callback/credentials", { username, password, callbackUrl: "/" });
    return url.searchParams.get("error");
  } catch {
    return "Unavailable";
  }
}

export async function signOut(): Promise<void> {
  try {
    await postAuth("/api/auth/signout", { callbackUrl: "/" });
  } finally {
    // A full navigation on purpose: nothing rendered for the signed-in user survives in the client
    // router cache, and the navbar is rendered anew by the server.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/");
  }
}
