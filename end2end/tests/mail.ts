import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Waits for the `count`-th e-mail to `to` in the SMTP sink's folder (MAIL_DIR) and returns it. */
export async function waitForMail(to: string, count = 1, timeoutMs = 15_000): Promise<Mail> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error("MAIL_DIR is not set (scripts/e2e starts the SMTP sink)");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found: Mail[] = [];
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, file)));
      const recipients = [parsed.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? "") : []));
      if (recipients.some((r) => r.toLowerCase() === to.toLowerCase())) {
        found.push({ to, subject: parsed.subject ?? "", text: parsed.text ?? "" });
      }
    }
    if (found.length >= count) return found[count - 1];
    if (Date.now() > deadline) throw new Error(`no e-mail #${count} to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link in the e-mail whose path starts with `prefix` (such as "/verify?token="). */
export function linkIn(mail: Mail, prefix: string): string {
  const match = mail.text.match(new RegExp(`https?://\\S+${prefix.replace(/[?]/g, "\\?")}[0-9a-f]+`));
  if (!match) throw new Error(`no ${prefix} link in: ${mail.text}`);
  return match[0];
}

/** A fresh address per run, so journeys can run again against the same server. */
export function freshEmail(name: string): string {
  return `${name}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@e2e.test`;
}
