// Shows instants in the reader's own time zone next to the host's: every empty
// <span data-local-time="UNIX-SECONDS"> gets "(your time: …)" in the page's language.
// Without JavaScript the host's time (with its UTC offset) is what the page says.
(function () {
  function fill() {
    var lang = document.documentElement.lang || "en";
    var label = { en: "your time", ru: "ваше время", zh: "您的时间" }[lang] || "your time";
    var fmt;
    try {
      fmt = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" });
    } catch (e) {
      return;
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    document.querySelectorAll("span[data-local-time]").forEach(function (el) {
      if (el.textContent) return;
      var t = Number(el.getAttribute("data-local-time"));
      if (!isFinite(t)) return;
      el.textContent = " (" + label + ": " + fmt.format(new Date(t * 1000)) + (zone ? ", " + zone : "") + ")";
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
  // Pages reached by client-side navigation render later: look again when the DOM changes.
  new MutationObserver(fill).observe(document.documentElement, { childList: true, subtree: true });
})();
