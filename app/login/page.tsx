import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { loginErrorMessage } from "@/lib/auth/login-messages";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await props.searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const callbackUrl = sanitizeCallbackUrl(first(params.callbackUrl));
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <main className="mx-auto flex max-w-7xl justify-center px-4 py-16 sm:px-6">
      <div className="w-full max-w-sm rounded-xl border border-border bg-surface p-6 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight">Sign in to Chartroom</h1>
        <p className="mt-1 text-sm text-muted">The Overview is public; everything else needs an account.</p>
        <LoginForm callbackUrl={callbackUrl} initialError={loginErrorMessage(first(params.error))} />
      </div>
    </main>
  );
}
