// Starts GOV.UK Frontend and MoJ Frontend components on page load and again on content that htmx swaps in.
// Loaded as an ES module, so it only runs in browsers both libraries support.

// Relative, so the imports follow STATIC_URL (and Django's manifest storage can hash them): /static/dist/...
import * as GOVUKFrontend from "../dist/govuk-frontend.min.js";
import * as MOJFrontend from "../dist/moj-frontend.min.js";

// GOV.UK's page template sets these classes from an inline script, which the Content-Security-Policy forbids.
// Both libraries refuse to start components without `govuk-frontend-supported`; MoJ's CSS keys off `js-enabled`.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

/**
 * Start the components inside `scope`. The libraries search its descendants only, so a fragment that htmx swaps
 * in must not have a component as a top-level element: wrap it (in a <div>, say).
 */
function initComponents(scope) {
  GOVUKFrontend.initAll({ scope });
  MOJFrontend.initAll({ scope });
}

/**
 * Move focus to swapped-in content that asks for it, such as a confirmation banner or an error summary, so that
 * screen reader users hear what the request did.
 */
function focusRequested(element) {
  const target = element.matches("[data-app-focus]") ? element : element.querySelector("[data-app-focus]");
  if (!target) {
    return;
  }
  // A non-interactive element can only take focus with a tabindex; drop it afterwards so that clicking the
  // element later does not draw a focus outline around it (the same as GOV.UK Frontend does).
  if (!target.hasAttribute("tabindex")) {
    target.setAttribute("tabindex", "-1");
    target.addEventListener("blur", () => target.removeAttribute("tabindex"), { once: true });
  }
  target.focus();
}

document.addEventListener("DOMContentLoaded", () => initComponents(document));

// htmx fires htmx:load on each element it adds (swaps and history restores alike), and once on <body> at start
// up, which DOMContentLoaded has already handled: starting a component twice is an error.
document.body.addEventListener("htmx:load", (event) => {
  if (event.target === document.body) {
    return;
  }
  initComponents(event.target);
  focusRequested(event.target);
});

const ERROR_PREFIX = "Error: ";

/**
 * GOV.UK asks for "Error: " at the start of the page title while the page shows errors. The server writes it on a
 * full page; after a swap, the page's own error summaries decide, so the prefix comes and goes with them.
 */
function markTitleForErrors() {
  const hasErrors = document.querySelector(".govuk-error-summary") !== null;
  const marked = document.title.startsWith(ERROR_PREFIX);
  if (hasErrors && !marked) {
    document.title = ERROR_PREFIX + document.title;
  } else if (!hasErrors && marked) {
    document.title = document.title.slice(ERROR_PREFIX.length);
  }
}

document.body.addEventListener("htmx:afterSettle", markTitleForErrors);
