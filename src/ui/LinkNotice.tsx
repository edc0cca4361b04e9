import { useLinkNotices } from "../store/linkNotices";

/**
 * What the page could not do as its link asked, over the top of the cluster picture (src/store/linkNotices.ts):
 * a status (read out politely, never takes the focus) until dismissed.
 */
export function LinkNotice() {
  const notices = useLinkNotices((s) => s.notices);
  const dismiss = useLinkNotices((s) => s.dismiss);
  if (!notices.length) return null;
  return (
    <div className="canvas-callout link-notice" role="status">
      <p className="link-notice-text">
        <span className="link-notice-key">The link:</span> {notices.join(". ")}.
      </p>
      <button type="button" className="btn btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
