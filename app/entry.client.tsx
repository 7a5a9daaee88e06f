import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { registerCatalogue } from "./i18n/i18n";

// Only the page's language is downloaded, in a chunk of its own, before the page hydrates: the
// server rendered it in that language (`<html lang>`), and switching language reloads the page.
const english = document.documentElement.lang === "en";
const messages = english ? import("./i18n/messages.en").then((module) => module.en) : import("./i18n/messages.ko").then((module) => module.ko);

void messages.then((catalogue) => {
  registerCatalogue(english ? "en" : "ko", catalogue);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
