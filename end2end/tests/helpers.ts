import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Fails the test on page errors, console errors and 4xx/5xx responses (except expected ones). */
export function watchErrors(page: Page, allowStatus: number[] = []): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (\d+)/.test(m.text())) errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !allowStatus.includes(r.status())) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

/**
 * Waits until every island on the page is hydrated (each marks its root `data-ready`). Pages are
 * server-rendered: a page without islands is ready when it has loaded.
 */
export async function islandsReady(page: Page) {
  const islands = await page.locator("leptos-island").count();
  if (islands > 0) {
    await expect(page.locator("leptos-island [data-ready]")).toHaveCount(islands, { timeout: 20_000 });
  }
}

/** axe-core finds no WCAG A/AA violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(summary).toEqual([]);
}

/** A full-page screenshot kept with the test's artifacts. */
export async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

/**
 * The Playwright `test`, plus the browser's console and page errors printed when a test fails
 * (an island that never hydrates usually says why there), and the CSP of every document checked.
 */
export const test = base.extend<{ browserLog: string[]; documentPolicies: void }>({
  /** Every document the journey loads carries the page CSP with a nonce. */
  documentPolicies: [
    async ({ page }, use) => {
      const missing: string[] = [];
      page.on("response", async (r) => {
        if (r.request().resourceType() !== "document") return;
        const type = (await r.allHeaders())["content-type"] ?? "";
        if (!type.startsWith("text/html")) return;
        const csp = (await r.allHeaders())["content-security-policy"] ?? "";
        if (!/script-src 'self' 'nonce-[A-Za-z0-9_-]+'/.test(csp)) missing.push(`${r.url()}: ${csp}`);
      });
      await use();
      expect(missing, "documents without the page CSP").toEqual([]);
    },
    { auto: true },
  ],
  browserLog: [
    async ({ page }, use, info) => {
      const log: string[] = [];
      page.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
      page.on("pageerror", (e) => log.push(`pageerror: ${e}`));
      page.on("requestfailed", (r) => log.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
      await use(log);
      if (info.status !== info.expectedStatus) {
        console.log(`--- browser log of "${info.title}" ---\n${log.join("\n") || "(empty)"}`);
      }
    },
    { auto: true },
  ],
});
