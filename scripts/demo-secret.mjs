// The session secret of a demo install: random, generated once and kept beside the demo database
// (mode 600), so demo sessions survive a restart and no two installs share a secret.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function demoAuthSecret(databaseFile) {
  const file = path.join(path.dirname(path.resolve(databaseFile)), ".auth-secret");
  if (fs.existsSync(file)) {
    const stored = fs.readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return secret;
}
