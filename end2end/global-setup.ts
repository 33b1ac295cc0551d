// Waits until the server answers /healthz (scripts/e2e starts it just before the runner).
export default async function globalSetup() {
  const url = (process.env.BASE_URL ?? "http://127.0.0.1:3000") + "/healthz";
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server at ${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
