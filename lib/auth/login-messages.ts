// The messages a login can end with. The error text travels in a URL (?error=...), which anyone
// can craft, so only these known messages are ever shown; anything else gets a generic one.

export const WRONG_CREDENTIALS = "Incorrect username or password.";
export const MISSING_CREDENTIALS = "Enter your username and password.";
export const LOGIN_UNAVAILABLE = "Login is unavailable right now. Please try again.";

const TOO_MANY = /^Too many failed attempts\. Try again in \d{1,3} minutes?\.$/;

export function loginErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin" || code === WRONG_CREDENTIALS) return WRONG_CREDENTIALS;
  if (code === MISSING_CREDENTIALS || code === LOGIN_UNAVAILABLE || TOO_MANY.test(code)) return code;
  return "Sign-in failed. Please try again.";
}
