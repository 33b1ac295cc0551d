import fs from "node:fs";
import path from "node:path";
import { createHmac } from "node:crypto";
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

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at `unixSeconds`. */
export function totpCode(secretBase32: string, unixSeconds: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretBase32.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const hmac = createHmac("sha1", key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

/** Waits for an e-mail to `to` whose subject matches `subject` and whose text contains `text`. */
export async function waitForMailMatching(to: string, subject: RegExp, text: string, timeoutMs = 15_000): Promise<Mail> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error("MAIL_DIR is not set (scripts/e2e starts the SMTP sink)");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, file)));
      const recipients = [parsed.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? "") : []));
      const mail = { to, subject: parsed.subject ?? "", text: parsed.text ?? "" };
      if (recipients.some((r) => r.toLowerCase() === to.toLowerCase()) && subject.test(mail.subject) && mail.text.includes(text)) {
        return mail;
      }
    }
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} matching ${subject} with "${text}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
