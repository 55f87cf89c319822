// Profilsamtale's page helper, run in the browser once per page load (and again when its settings change).
// 1. The page's language: the html element's lang follows the chosen language, so screen readers speak it right.
// 2. Drafts: a note being typed is kept in this browser (localStorage, per user and note) until the app has
//    saved it, and put back after a reload or a new sign-in. Only the notes the app saves as they change
//    (the conversation's notes and outcome) have drafts; a draft older than a week is forgotten.
// 3. Unsaved text: Streamlit saves a text area when it loses focus (or on Ctrl+Enter); while any text area
//    holds typed text not yet sent, the browser asks before the page unloads.
// 4. The menu: Streamlit's list of pages holds each section (its heading and its links) in a div inside the
//    list, which breaks a list's structure for screen readers (axe-core's list and listitem rules). The list and
//    its items are made presentational: the menu reads as headed groups of links.
(() => {
  const settings = window.profilsamtaleSettings;
  document.documentElement.lang = settings.lang;
  if (window.profilsamtaleHelper) return;
  window.profilsamtaleHelper = true;

  // 5. The page's own style (assets/page.css: a visible keyboard focus), once in the head, where it stays.
  const style = document.createElement("style");
  style.textContent = settings.style;
  document.head.appendChild(style);

  const MENU = "[data-testid='stSidebarNavItems']";
  const flattenMenu = () => {
    for (const node of document.querySelectorAll(`${MENU}, ${MENU} li`)) {
      if (node.getAttribute("role") !== "none") node.setAttribute("role", "none");
    }
  };
  flattenMenu();
  new MutationObserver(flattenMenu).observe(document.body, { childList: true, subtree: true });

  const PREFIX = "profilsamtale.draft.";
  const WEEK = 7 * 24 * 3600 * 1000;
  const restored = new Set();
  const valueSetter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;

  const draftKey = (area) => {
    const { user, drafts } = window.profilsamtaleSettings;
    const box = area.closest("[class*='st-key-']");
    if (user === null || !box) return null;
    const name = [...box.classList].find((c) => c.startsWith("st-key-"))?.slice("st-key-".length);
    return name && new RegExp(drafts).test(name) ? `${PREFIX}${user}.${name}` : null;
  };

  // A draft is forgotten only once the app has run after its text was last sent: Streamlit sends a text area's
  // text when it loses focus (or on Ctrl+Enter), but the page shows "running" only when the server answers, so
  // "not running and the same text" alone could forget a draft whose save never ran - and a reload at that
  // moment would lose the note.
  let runsStarted = 0;
  const sentAt = new Map();  // draft key -> runsStarted when its text last changed or was sent in this page
  const watchRuns = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.dataset.profilsamtaleWatched) return;
    app.dataset.profilsamtaleWatched = "1";
    new MutationObserver((changes) => {
      // A record holds the value before its change; the value after it is the next record's (or the current one).
      changes.forEach((change, i) => {
        const after = i + 1 < changes.length ? changes[i + 1].oldValue : app.getAttribute("data-test-script-state");
        if (after === "running" && change.oldValue !== "running") runsStarted += 1;
      });
    }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"], attributeOldValue: true });
  };
  const markSent = (area) => {
    const key = area instanceof HTMLTextAreaElement ? draftKey(area) : null;
    if (key) sentAt.set(key, runsStarted);
    return key;
  };

  document.addEventListener("input", (event) => {
    const key = markSent(event.target);
    if (key) localStorage.setItem(key, JSON.stringify({ text: event.target.value, at: Date.now() }));
  }, true);

  const settle = () => {
    watchRuns();
    const idle = document.querySelector("[data-testid='stApp']")?.dataset.testScriptState === "notRunning";
    for (const area of document.querySelectorAll("textarea")) {
      const key = draftKey(area);
      const raw = key && localStorage.getItem(key);
      if (!raw) continue;
      let draft;
      try { draft = JSON.parse(raw); } catch { localStorage.removeItem(key); continue; }
      if (Date.now() - draft.at > WEEK) { localStorage.removeItem(key); continue; }
      if (document.activeElement === area || !idle) continue;
      if (area.value === draft.text) {  // saved by the app, once it has run since the text was sent
        if (!sentAt.has(key) || runsStarted > sentAt.get(key)) localStorage.removeItem(key);
        continue;
      }
      if (area.disabled || restored.has(key)) continue;
      restored.add(key);  // once per page load: the app's answer decides after that
      area.focus();
      valueSetter.call(area, draft.text);
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.blur();  // Streamlit saves a text area when it loses focus
    }
  };
  setInterval(settle, 1000);

  const typed = new Set();
  document.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA") typed.add(e.target); }, true);
  const sent = (area) => { typed.delete(area); markSent(area); };  // Streamlit sends a text area's text now
  document.addEventListener("focusout", (e) => sent(e.target), true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) sent(e.target);
  }, true);
  window.addEventListener("beforeunload", (e) => {
    if ([...typed].some((area) => area.isConnected)) { e.preventDefault(); e.returnValue = ""; }
  });
})();
