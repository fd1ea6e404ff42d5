// The portal's one script (an ES module, loaded after htmx with `defer`).
//
// Every page works without JavaScript; this only enhances. It is a module, so
// it runs only in browsers that GOV.UK Frontend supports.

import { initAll } from "../build/govuk-frontend.min.js";

// What GOV.UK's template does in an inline <script>, which our CSP forbids.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

function initComponents(scope) {
  initAll({
    scope,
    onError(error) {
      // Content swapped in by htmx sits next to components already set up;
      // setting those up twice is refused, and that is fine.
      if (error && error.name === "InitError") return;
      console.error(error);
    },
  });
}

initComponents(document.body);

// htmx 2 reads the token from <meta name="csrf-token"> on every request that
// changes something; Flask-WTF accepts it in the X-CSRFToken header.
const SAFE_METHODS = new Set(["get", "head", "options"]);

document.body.addEventListener("htmx:configRequest", (event) => {
  if (SAFE_METHODS.has(String(event.detail.verb).toLowerCase())) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers["X-CSRFToken"] = meta.content;
  }
});

// Set up GOV.UK components in content that htmx swaps in. htmx:load also fires
// for <body> when htmx starts; that was done above.
document.body.addEventListener("htmx:load", (event) => {
  const element = event.detail.elt;
  if (element === document.body) return;
  initComponents(element.parentElement || element);
});
