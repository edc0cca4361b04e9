import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from "react";

const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native <dialog>, open while it is mounted: showModal() makes the rest of the
 * page inert, so focus stays inside; Escape closes it; focus goes back to what opened it.
 */
export function Dialog({
  title,
  onClose,
  onSubmit,
  children,
  actions,
  cancel = "Cancel",
}: {
  title: string;
  onClose: () => void;
  /** The form's submit (Enter in a field, or the submit button). */
  onSubmit: () => void;
  children: ReactNode;
  /** The buttons; the submit button has type="submit". A Cancel button is added. */
  actions: ReactNode;
  /** The Cancel button's label, or false for none (a dialog whose submit button closes it). */
  cancel?: string | false;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  // showModal() makes the page inert, but Tab can still leave for the browser's own controls: wrap it around.
  const trapTab = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== "Tab") return;
    const focusable = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute("disabled"));
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={trapTab}
    >
      <form className="dialog-form" onSubmit={submit}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
        <div className="dialog-actions">
          {actions}
          {cancel !== false && (
            <button type="button" className="btn" onClick={onClose}>
              {cancel}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}

/**
 * A dialog with nothing to decide: its one button (Close, or `closeLabel`) closes it, as Enter in a
 * field and Escape do.
 */
export function InfoDialog({ title, onClose, closeLabel = "Close", children }: { title: string; onClose: () => void; closeLabel?: string; children: ReactNode }) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={onClose}
      cancel={false}
      actions={
        <button type="submit" className="btn btn-primary">
          {closeLabel}
        </button>
      }
    >
      {children}
    </Dialog>
  );
}
