// First visits on a slow link, as scripts/bench measures them: Chromium with its network
// throttled to 1 Mbit/s each way and 300 ms per round trip, a fresh cache for every page.
// For each page: the bytes transferred in all (HTML, CSS, scripts, WASM; as encoded on the
// wire), the time until the page has loaded, and — on the agreement page — the time until its
// island answers a course typed in. Prints one JSON line per page.
//
//   node scripts/bench-transfer.mjs http://127.0.0.1:3201
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const PASSWORD = "demo-mobility-2026";
const PAGES = [
  { path: "/opportunities" },
  { path: "/alliances/asrmu" },
  { path: "/review/incoming", who: "coord.hmu@demo.test" },
  { path: "/applications/16/agreement", who: "student.hmu@demo.test", island: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

async function visit({ path, who, island }) {
  const context = await browser.newContext({ baseURL: base });
  if (who) {
    const res = await context.request.post("/api/login", { form: { email: who, password: PASSWORD } });
    if (res.status() !== 200) throw new Error(`sign in ${who}: ${res.status()}`);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 300,
    downloadThroughput: 125_000,
    uploadThroughput: 125_000,
  });
  const files = new Map();
  cdp.on("Network.responseReceived", (e) => {
    files.set(e.requestId, { url: e.response.url, encoding: e.response.headers["content-encoding"] ?? "" });
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    const f = files.get(e.requestId);
    if (f) f.bytes = e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(path, { waitUntil: "load" });
  const loaded = Date.now() - start;
  let interactive = null;
  if (island) {
    // The island answers when the total it shows follows what is typed.
    const credits = page.locator('input[name="c[credits]"]');
    const total = page.locator("leptos-island p[aria-live]");
    for (let n = 1; interactive === null && Date.now() - start < 60_000; n++) {
      await credits.fill(String(n));
      if (((await total.textContent()) ?? "").trim() !== "") interactive = Date.now() - start;
      else await page.waitForTimeout(50);
    }
  }
  // Scripts an island page loads when the browser is idle arrive after `load`.
  await page.waitForLoadState("networkidle");
  await context.close();
  const kb = (n) => Math.round(n / 102.4) / 10;
  return {
    path,
    who: who ?? "anonymous",
    kb: kb(bytes),
    loaded_ms: loaded,
    interactive_ms: interactive,
    files: [...files.values()].filter((f) => !f.url.startsWith("data:")).map((f) => `${new URL(f.url).pathname} ${f.encoding || "identity"} ${kb(f.bytes ?? 0)}`),
  };
}

try {
  for (const p of PAGES) console.log(JSON.stringify(await visit(p)));
} finally {
  await browser.close();
}
