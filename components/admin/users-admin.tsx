"use client";

import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/actions/result";
import {
  changeUserRole,
  createUser,
  deleteUser,
  resetUserPassword,
  setUserDisabled,
} from "@/lib/actions/users";
import type { Role } from "@/lib/auth/roles";
import type { User } from "@/lib/auth/users";

type Notice = { kind: "ok" | "error"; text: string } | null;

const inputClass = "rounded-md border border-border bg-background px-3 py-1.5 text-sm";
const buttonClass =
  "rounded-md border border-border px-2.5 py-1 text-sm hover:bg-surface-muted disabled:opacity-60";

export function UsersAdmin({ users, currentUserId }: { users: User[]; currentUserId: number }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, startTransition] = useTransition();

  // Each action revalidates /admin/users, so the list below is fresh when it resolves.
  function run(action: () => Promise<ActionResult<unknown>>, success: string, after?: () => void) {
    startTransition(async () => {
      const result = await action();
      setNotice(result.ok ? { kind: "ok", text: success } : { kind: "error", text: result.error });
      if (result.ok) after?.();
    });
  }

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const username = String(form.get("username") ?? "");
    run(
      () =>
        createUser({
          username,
          password: String(form.get("password") ?? ""),
          role: String(form.get("role")),
        }),
      `Added ${username}.`,
      () => formElement.reset(),
    );
  }

  return (
    <div className="space-y-4">
      {notice && (
        <p
          role={notice.kind === "error" ? "alert" : "status"}
          className={`rounded-md px-3 py-2 text-sm ${notice.kind === "error" ? "bg-warning-bg text-warning-text" : "bg-surface-muted"}`}
        >
          {notice.text}
        </p>
      )}

      <section className="rounded-xl border border-border bg-surface p-4 shadow-sm">
        <h2 className="mb-3 text-sm font-semibold tracking-tight">Add a user</h2>
        <form onSubmit={add} className="flex flex-wrap items-end gap-3" aria-label="Add a user">
          <label className="flex flex-col gap-1 text-sm">
            Username
            <input name="username" required autoComplete="off" className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Password
            <input
              name="password"
              type="password"
              required
              autoComplete="new-password"
              className={inputClass}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Role
            <select name="role" defaultValue="viewer" className={inputClass}>
              <option value="viewer">viewer</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-text disabled:opacity-60"
          >
            Add user
          </button>
        </form>
      </section>

      <section className="overflow-x-auto rounded-xl border border-border bg-surface shadow-sm">
        <table className="w-full text-sm">
          <thead className="text-left text-muted">
            <tr className="border-b border-border">
              <th className="px-4 py-2 font-medium">User</th>
              <th className="px-4 py-2 font-medium">Role</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 font-medium">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                isMe={user.id === currentUserId}
                pending={pending}
                run={run}
              />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function UserRow({
  user,
  isMe,
  pending,
  run,
}: {
  user: User;
  isMe: boolean;
  pending: boolean;
  run: (action: () => Promise<ActionResult<unknown>>, success: string, after?: () => void) => void;
}) {
  const [resetting, setResetting] = useState(false);
  return (
    <tr className="border-b border-border last:border-0" data-testid={`user-row-${user.username}`}>
      <td className="px-4 py-2 font-medium">
        {user.username}
        {isMe && <span className="ml-2 text-xs text-muted">(you)</span>}
      </td>
      <td className="px-4 py-2">
        <select
          aria-label={`Role of ${user.username}`}
          value={user.role}
          disabled={pending}
          onChange={(event) => {
            const role = event.target.value as Role;
            run(() => changeUserRole({ id: user.id, role }), `${user.username} is now ${role}.`);
          }}
          className={inputClass}
        >
          <option value="viewer">viewer</option>
          <option value="admin">admin</option>
        </select>
      </td>
      <td className="px-4 py-2">{user.disabled ? "Disabled" : "Active"}</td>
      <td className="px-4 py-2">
        <div className="flex flex-wrap items-center gap-2">
          {resetting ? (
            <form
              className="flex items-center gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                const password = String(new FormData(event.currentTarget).get("password") ?? "");
                run(
                  () => resetUserPassword({ id: user.id, password }),
                  `Password of ${user.username} reset.`,
                  () => setResetting(false),
                );
              }}
            >
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                aria-label={`New password for ${user.username}`}
                className={inputClass}
              />
              <button type="submit" disabled={pending} className={buttonClass}>
                Save
              </button>
              <button type="button" onClick={() => setResetting(false)} className={buttonClass}>
                Cancel
              </button>
            </form>
          ) : (
            <button
              type="button"
              disabled={pending}
              onClick={() => setResetting(true)}
              className={buttonClass}
            >
              Reset password
            </button>
          )}
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              run(
                () => setUserDisabled({ id: user.id, disabled: !user.disabled }),
                `${user.username} ${user.disabled ? "enabled" : "disabled"}.`,
              )
            }
            className={buttonClass}
          >
            {user.disabled ? "Enable" : "Disable"}
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              if (window.confirm(`Delete ${user.username}? This cannot be undone.`))
                run(() => deleteUser(user.id), `${user.username} deleted.`);
            }}
            className={`${buttonClass} text-negative`}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
