// The rule for the session-signing secret, shared by the start-up check (instrumentation.ts) and
// the unit tests. Pure: no env, no I/O.

/** Used by `next dev` and the tests when no secret is set; refused in production. */
export const DEVELOPMENT_SECRET = "chartroom-development-only-secret-do-not-use-in-production";

export const MIN_SECRET_LENGTH = 32;

// Values that appear in docs, tutorials and .env examples: a secret anyone can read signs
// anyone's session.
const KNOWN_VALUES = new Set(
  [
    DEVELOPMENT_SECRET,
    "secret",
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "password",
    "development",
    "your-secret",
    "your_secret",
    "your-secret-here",
    "supersecret",
    "mysecret",
    "nextauth_secret",
    "auth_secret",
    "chartroom",
    "demo",
    "example",
    "placeholder",
    "replace-me",
    "complex_secret_here",
  ].map((value) => value.toLowerCase()),
);

const PLACEHOLDER_WORDS =
  /(change[-_ ]?me|replace[-_ ]?(me|this)|your[-_ ]?secret|placeholder|example|demo[-_ ]?secret|do[-_ ]?not[-_ ]?use)/i;

/**
 * Why `secret` cannot sign production sessions, as one line naming the variable, or null when it
 * is acceptable.
 */
export function authSecretProblem(secret: { name: string; value: string } | null): string | null {
  if (!secret || secret.value.trim() === "")
    return "AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and pass it in the environment.";
  const { name, value } = secret;
  if (KNOWN_VALUES.has(value.trim().toLowerCase()) || PLACEHOLDER_WORDS.test(value))
    return `${name} is a known demo or placeholder value: generate a new one with \`openssl rand -base64 32\`.`;
  if (value.length < MIN_SECRET_LENGTH)
    return `${name} is too short (${value.length} characters; at least ${MIN_SECRET_LENGTH} required): generate one with \`openssl rand -base64 32\`.`;
  if (new Set(value).size < 8)
    return `${name} is too repetitive to be random: generate one with \`openssl rand -base64 32\`.`;
  return null;
}
