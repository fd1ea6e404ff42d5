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

// Inline validation: in a form marked data-live-validate, when someone changes
// a field and then leaves its form group (all three boxes of a date), the
// server checks the form (saving nothing) and htmx swaps in just that group,
// with its error message or without one. Sending the form still does the real
// validation, with the error summary.
function liveGroup(element) {
  const form = element && element.closest && element.closest("form[data-live-validate]");
  if (!form || !element.name) return null;
  // Radios and checkboxes change while focused: swapping them would lose focus;
  // passwords are never sent back into a page, so swapping would empty them.
  if (["radio", "checkbox", "file", "password"].includes(element.type)) return null;
  const group = element.closest(".govuk-form-group[id][data-field]");
  return group ? { form, group } : null;
}

document.body.addEventListener("change", (event) => {
  const found = liveGroup(event.target);
  if (found) found.group.dataset.changed = "true";
});

document.body.addEventListener("focusout", (event) => {
  const found = liveGroup(event.target);
  if (!found || !window.htmx) return;
  const { form, group } = found;
  // Still inside the same group (day -> month -> year): wait until it is left.
  if (event.relatedTarget && group.contains(event.relatedTarget)) return;
  // A change event comes just before focusout for a text box; let it land first.
  window.setTimeout(() => {
    if (group.dataset.changed !== "true" || !document.body.contains(group)) return;
    delete group.dataset.changed;
    window.htmx.ajax("POST", form.getAttribute("action") || window.location.pathname, {
      source: form,
      values: { _validate: group.dataset.field },
      target: "#" + group.id,
      select: "#" + group.id,
      swap: "outerHTML",
    });
  }, 0);
});

// Conditional reveal (components/forms.html `radios(..., reveal=...)`): the part under
// a choice shows only while that choice is made. GOV.UK Frontend's own version sets
// aria-expanded on the radio, which axe refuses (it is not allowed on a radio); the
// revealed part follows its radio in the page, so nothing else needs announcing.
// Without JavaScript every part stays shown, and the server asks only for what the
// choice needs.
function syncReveals() {
  const inputs = document.querySelectorAll('input[type="radio"][data-reveal]');
  const shown = new Set([...inputs].filter((i) => i.checked).map((i) => i.dataset.reveal));
  inputs.forEach((input) => {
    const target = document.getElementById(input.dataset.reveal);
    if (target) {
      target.classList.toggle("govuk-radios__conditional--hidden",
                             !shown.has(input.dataset.reveal));
    }
  });
}

document.body.addEventListener("change", (event) => {
  if (event.target instanceof HTMLInputElement && event.target.type === "radio") syncReveals();
});
window.addEventListener("pageshow", syncReveals);
syncReveals();

// "Copy link" (petitions): a button that copies the text of the element it names.
// Without JavaScript the button stays hidden (govuk-!-display-none: GOV.UK's button
// styles would show a button with only the hidden attribute) and the link is there to
// select; with it, the button appears, and a status message says it worked (or that the
// link is selected, to copy by hand).
function copyButtons() {
  document.querySelectorAll("button[data-copy-target].govuk-\\!-display-none").forEach((button) => {
    button.classList.remove("govuk-!-display-none");
  });
}

document.body.addEventListener("click", async (event) => {
  const button = event.target instanceof Element && event.target.closest("button[data-copy-target]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copyTarget);
  const status = button.parentElement && button.parentElement.querySelector("[data-copy-status]");
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.textContent.trim());
    if (status) status.textContent = "Link copied. You can paste it into a message or an email.";
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (status) status.textContent = "The link is selected: copy it with your device’s copy command.";
  }
});
copyButtons();
