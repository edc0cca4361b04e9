import { useState } from "react";
import { formatSimClock } from "./labels";
import { useCluster } from "../store/store";

/**
 * "Export PNG": the cluster picture as it is on screen (React Flow's viewport with its pods and the
 * message tokens' canvas), at twice the screen's pixels, for a slide in Google Slides or PowerPoint.
 * html-to-image draws the DOM through an SVG foreignObject; it is loaded only when asked for.
 */
export function ExportPngButton({ className = "btn" }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const exportPng = async () => {
    const el = document.querySelector<HTMLElement>(".cluster-canvas .react-flow");
    if (!el) return;
    setBusy(true);
    try {
      const { toPng } = await import("html-to-image");
      const bg = getComputedStyle(el.closest(".cluster-canvas") ?? el).backgroundColor;
      const url = await toPng(el, {
        pixelRatio: 2,
        backgroundColor: bg,
        // The view buttons and the attribution are page controls, not the picture.
        filter: (node) => !(node instanceof HTMLElement && (node.classList.contains("react-flow__panel") || node.classList.contains("react-flow__attribution"))),
      });
      const a = document.createElement("a");
      a.href = url;
      a.download = `clusterscope-${formatSimClock(Math.floor(useCluster.getState().clock.time)).replace(/[:.]/g, "-")}.png`;
      a.click();
      setStatus("Picture saved.");
    } catch (e) {
      setStatus(`Could not make the picture: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={className} onClick={() => void exportPng()} disabled={busy}>
        Export PNG
      </button>
      <span className="visually-hidden" role="status">
        {status}
      </span>
    </>
  );
}
