import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./ui/App";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The app's store (src/store/store.ts) starts the simulation in a Web Worker on first use.
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
