import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { log } from "../log";
import { sanitizeCallbackUrl } from "./callback-url";
import { authSecret, sessionClaimsSchema } from "./config";
import { clientAddress, LoginError, verifyLogin } from "./login";
import { LOGIN_UNAVAILABLE } from "./login-messages";
import { revokeSession } from "./users";

/**
 * next-auth v4 with a username + password provider and JWT sessions. The token carries the user
 * id, session_version and a session id (sid) that stays the same for the life of the session, so a
 * logout can revoke exactly this session. Cookies are next-auth's defaults: httpOnly, SameSite=Lax,
 * and Secure (with the __Secure- prefix) whenever next-auth sees its URL as https: NEXTAUTH_URL, or
 * with AUTH_TRUST_HOST (lib/env.ts) the request's X-Forwarded-Proto. So plain-http localhost demo
 * and e2e runs work, and a TLS-terminating proxy that sets X-Forwarded-Proto gets Secure cookies.
 */
export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  // Absolute expiry: a session ends SESSION_MAX_AGE after login (no client polls to extend it).
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE },
  jwt: { maxAge: env.SESSION_MAX_AGE },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Password",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const headers = req.headers as Record<string, string | undefined> | undefined;
        try {
          const user = await verifyLogin(credentials, clientAddress(headers?.["x-forwarded-for"]));
          return {
            id: String(user.id),
            name: user.username,
            role: user.role,
            sessionVersion: user.sessionVersion,
          };
        } catch (error) {
          if (error instanceof LoginError) throw error;
          log.error({ err: error }, "login failed");
          throw new Error(LOGIN_UNAVAILABLE);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as typeof user & { sessionVersion: number };
        return {
          sub: signedIn.id,
          name: signedIn.name,
          uid: Number(signedIn.id),
          sv: signedIn.sessionVersion,
          sid: randomUUID(),
        };
      }
      return token;
    },
    // What /api/auth/session returns to a browser: the name only, no ids or versions.
    session({ session, token }) {
      return { expires: session.expires, user: { name: token.name } };
    },
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${sanitizeCallbackUrl(path)}`;
    },
  },
  events: {
    signOut({ token }) {
      const claims = sessionClaimsSchema.safeParse(token);
      if (claims.success) revokeSession(claims.data.sid, claims.data.exp);
    },
  },
};
