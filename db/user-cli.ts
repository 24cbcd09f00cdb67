// `npm run user -- <command>`: manage accounts from a shell, for the first admin of a production
// install and for recovery. Passwords are read from a hidden prompt, or from stdin when piped
// (`printf '%s\n' "$PW" | npm run user -- add ops --role admin`), never from the command line,
// where they would land in shell history and the process list.
import { parseArgs } from "node:util";
import { z } from "zod";
import { passwordSchema } from "../lib/auth/password";
import { roleSchema } from "../lib/auth/roles";
import {
  createUser,
  deleteUser,
  getUserByName,
  getUsers,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  UserChangeError,
  usernameSchema,
} from "../lib/auth/users";

const USAGE = `usage: npm run user -- <command>
  list
  add <name> [--role admin|viewer]     (default role: viewer; asks for the password)
  passwd <name>                        (asks for the new password)
  role <name> admin|viewer
  disable <name> | enable <name> | delete <name>`;

async function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = "";
    for await (const chunk of stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? "";
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let value = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          reject(new Error("Cancelled."));
          return;
        }
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}

async function readNewPassword(): Promise<string> {
  const password = await readHidden("Password: ");
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success)
    throw new UserChangeError(`Password ${parsed.error.issues[0]?.message ?? "is invalid"}.`);
  if (process.stdin.isTTY && (await readHidden("Repeat password: ")) !== password)
    throw new UserChangeError("The passwords do not match.");
  return password;
}

function existing(name: string | undefined) {
  const username = usernameSchema.parse(name ?? "");
  const user = getUserByName(username);
  if (!user) throw new UserChangeError(`No user "${username}".`);
  return user;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: "string" } },
  });
  const [command, name, extra] = positionals;
  switch (command) {
    case "list":
      for (const user of getUsers())
        console.log(`${user.username}\t${user.role}${user.disabled ? "\tdisabled" : ""}`);
      return;
    case "add": {
      const username = usernameSchema.parse(name ?? "");
      const role = roleSchema.parse(values.role ?? "viewer");
      const user = await createUser({ username, role, password: await readNewPassword() });
      console.log(`Created ${user.username} (${user.role}).`);
      return;
    }
    case "passwd": {
      const user = existing(name);
      await setUserPassword(user.id, await readNewPassword());
      console.log(`Password of ${user.username} changed; their sessions have ended.`);
      return;
    }
    case "role": {
      const user = existing(name);
      setUserRole(user.id, roleSchema.parse(extra));
      console.log(`${user.username} is now ${extra}.`);
      return;
    }
    case "disable":
    case "enable": {
      const user = existing(name);
      setUserDisabled(user.id, command === "disable");
      console.log(`${user.username} ${command}d.`);
      return;
    }
    case "delete": {
      const user = existing(name);
      deleteUser(user.id);
      console.log(`${user.username} deleted.`);
      return;
    }
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  if (error instanceof z.ZodError) console.error(error.issues[0]?.message ?? "Invalid input.");
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
