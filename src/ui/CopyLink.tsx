import { useEffect, useRef, useState } from "react";
import { InfoDialog } from "./Dialog";
import { momentLink } from "./presenter";

/**
 * "Copy link to this moment": a link that reopens this exact moment (seed, topology, action log, sim
 * time, speed, the lesson and its step), with the moment's picture (./presenter.ts). Copies with the
 * clipboard API; where that is refused (no permission, an http page, file://), shows the link in a
 * field, selected, to copy by hand.
 */
export function CopyLinkButton({ className = "btn" }: { className?: string }) {
  const [status, setStatus] = useState("");
  const [fallback, setFallback] = useState<string | null>(null);
  const copy = async () => {
    // The link's picture is compressed asynchronously: where it can, the clipboard is handed the
    // promise at once, within the click (Safari refuses a write that comes after an await).
    const link = momentLink();
    try {
      const clip = navigator.clipboard;
      if (clip?.write && typeof ClipboardItem === "function") {
        await clip.write([new ClipboardItem({ "text/plain": link.then((t) => new Blob([t], { type: "text/plain" })) })]);
      } else if (clip?.writeText) await clip.writeText(await link);
      else throw new Error("no clipboard");
      setStatus("Link to this moment copied.");
    } catch {
      setFallback(await link);
    }
  };
  useEffect(() => {
    if (!status) return;
    const t = setTimeout(() => setStatus(""), 4000);
    return () => clearTimeout(t);
  }, [status]);
  return (
    <>
      <button type="button" className={className} onClick={() => void copy()}>
        Copy link to this moment
      </button>
      <span className="copy-status" role="status">
        {status}
      </span>
      {fallback !== null && <LinkDialog link={fallback} onClose={() => setFallback(null)} />}
    </>
  );
}

function LinkDialog({ link, onClose }: { link: string; onClose: () => void }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // Opened by a click on "Copy link": select the link so Ctrl+C copies it.
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <InfoDialog title="Link to this moment" onClose={onClose}>
      <p className="dialog-note">The browser did not let the page copy it: select the link and copy it (Ctrl+C or ⌘C).</p>
      <label className="visually-hidden" htmlFor="moment-link">
        Link to this moment
      </label>
      <textarea id="moment-link" ref={ref} className="link-field" readOnly value={link} rows={4} spellCheck={false} />
    </InfoDialog>
  );
}
