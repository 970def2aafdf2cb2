import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { recordTypedBeforeHydration } from "~/ui/typed-before-hydration";

// What a person types before the runtime has hydrated the page is put back after (the root's effect).
recordTypedBeforeHydration();

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
