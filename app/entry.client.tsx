import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { recordTypedBeforeHydration } from "~/ui/typed-before-hydration";

// What a person types before the runtime has hydrated the page is put back after (the root's effect).
recordTypedBeforeHydration();

// Every page is a whole document (decision 0049), also the few that load the runtime (the editors):
// a link or a form there navigates as the browser does, so the page it leads to is the server's own,
// inline scripts and all. React on these pages runs their own behaviour only (state, the live preview's
// fetcher). Window's capture phase comes before React's listener on the document.
const asTheBrowserDoes = (event: Event) => {
  if (event.type === "submit" || (event.target instanceof Element && event.target.closest("a[href]"))) event.stopPropagation();
};
window.addEventListener("click", asTheBrowserDoes, true);
window.addEventListener("submit", asTheBrowserDoes, true);

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
