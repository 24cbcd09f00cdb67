import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import { requireUser } from "@/lib/auth/session";
import { getUsers } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser("admin");
  return (
    <main className="mx-auto max-w-7xl space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-muted">
          Who can sign in, and as what. Changes take effect at the user&apos;s next request; a password or
          role change signs them out.
        </p>
      </div>
      <UsersAdmin users={getUsers()} currentUserId={me.id} />
    </main>
  );
}
