import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { inFrame } from "./embed/early";
import { startEmbed } from "./embed/embed";
import { appSettings } from "./store/settings";
import { App } from "./ui/App";

/**
 * The page's UI, loaded by src/main.tsx once the simulation has started: React renders the app, the
 * postMessage API starts, and the offline service worker registers.
 */
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The app's store (src/store/store.ts) already runs the simulation in a Web Worker (src/main.tsx).
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The postMessage API for host pages (src/embed/): embedded (`?embed=1`, or in any frame) it also
// pauses while hidden.
startEmbed({ pauseWhenHidden: appSettings().getState().embed || inFrame() });

// Offline: the service worker the build writes (vite.config.ts) caches the app. Not in development,
// not in the single-file build, and not from file:// (no service workers there).
if (import.meta.env.PROD && import.meta.env.MODE !== "single" && "serviceWorker" in navigator && location.protocol.startsWith("http")) {
  const register = () =>
    navigator.serviceWorker.register("./sw.js").catch((e: unknown) => console.warn(`ClusterScope: offline mode is not available (${e instanceof Error ? e.message : String(e)})`));
  // This module is imported by src/main.tsx, often after the page's load event has already fired.
  if (document.readyState === "complete") void register();
  else window.addEventListener("load", () => void register(), { once: true });
}
