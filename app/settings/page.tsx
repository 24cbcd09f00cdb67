import type { Metadata } from "next";
import { SettingsForm } from "@/components/settings/settings-form";
import { requireUser } from "@/lib/auth/session";
import { getPreferences } from "@/lib/data/preferences";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  // Checked here, beside the data, whatever the request guard decided.
  const user = await requireUser();
  const preferences = await getPreferences(user.id);
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted">
          Your preferences, saved to your account: they follow you to every browser you sign in on.
        </p>
      </div>
      <SettingsForm initial={preferences} />
    </main>
  );
}
