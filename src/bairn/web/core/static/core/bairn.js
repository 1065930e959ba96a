// Bairn's page script: start the design system's components, and again on content htmx swaps in.
// Loaded as a module after the design system's own module, which sets window.DS.

const start = (scope) => {
  if (window.DS && typeof window.DS.initAll === "function") {
    window.DS.initAll(scope);
  }
};

start(document);

document.addEventListener("htmx:afterSettle", (event) => {
  start(event.detail.elt);
});
