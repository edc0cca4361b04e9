import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type SyntheticEvent } from "react";

const stop = (e: SyntheticEvent) => e.stopPropagation();

/** What useMenu gives: the open state, close(), the button's ref and the props for the button, the menu and each item. */
export type Menu<T> = ReturnType<typeof useMenu<T>>;

/**
 * A menu button and its menu (the WAI-ARIA menu button pattern), for the toolbar's Faults menu and
 * the machines' own Faults menus on the canvas. Enter, Space or ↓ on the button opens the menu on its
 * first item, ↑ on its last; in the menu ↑/↓ (wrapping), Home and End move, Enter or Space runs an
 * item, Escape closes and returns focus to the button, Tab closes. A pointer down outside the button
 * and the menu closes it. Hovering or focusing an item makes it the current one (roving tabindex).
 *
 * Spread `buttonProps` on the <button>, `menuProps` on the role="menu" element and `itemProps(i)` on
 * each item; the caller adds the names (aria-label), classes and contents.
 */
export function useMenu<T, B extends HTMLElement = HTMLButtonElement, M extends HTMLElement = HTMLUListElement>({
  items,
  onChoose,
  stopPropagation = false,
  closeOnWheel = false,
}: {
  /** The menu's items now (the list may change while the menu is open). */
  items: readonly T[];
  /** Runs an item, after the menu has closed and given the focus back to its button. */
  onChoose: (item: T) => void;
  /** Keep the button's and the menu's clicks, pointer downs and keys from the elements around them (a menu inside the canvas). */
  stopPropagation?: boolean;
  /** A wheel outside the menu closes it too (a menu at a fixed place over a picture the wheel moves). */
  closeOnWheel?: boolean;
}) {
  const [open, setOpen] = useState(false);
  // The current item; -1 is the last one. Clamped below, as the list can shrink while the menu is open.
  const [active, setActive] = useState(0);
  const buttonRef = useRef<B>(null);
  const menuRef = useRef<M>(null);
  const menuId = useId();
  const last = items.length - 1;
  const index = active < 0 ? last : Math.min(active, last);

  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }, []);
  const openAt = (i: number) => {
    setActive(i);
    setOpen(true);
  };
  const choose = (i: number) => {
    const item = items[i];
    if (item === undefined) return;
    close(true);
    onChoose(item);
  };

  // The current item has the focus while the menu is open (again when the list's length changes).
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[index]?.focus();
  }, [open, index, items.length]);

  // A click outside closes the menu (and, with closeOnWheel, a wheel outside it).
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    const onWheel = (e: WheelEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", onPointer);
    if (closeOnWheel) document.addEventListener("wheel", onWheel, { passive: true });
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      if (closeOnWheel) document.removeEventListener("wheel", onWheel);
    };
  }, [open, close, closeOnWheel]);

  const buttonProps = {
    ref: buttonRef,
    "aria-haspopup": "menu" as const,
    "aria-expanded": open,
    "aria-controls": open ? menuId : undefined,
    onPointerDown: stopPropagation ? stop : undefined,
    onClick: (e: SyntheticEvent) => {
      if (stopPropagation) e.stopPropagation();
      if (open) close(false);
      else openAt(0);
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (stopPropagation) e.stopPropagation();
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        openAt(e.key === "ArrowDown" ? 0 : -1);
      }
    },
  };

  const menuProps = {
    ref: menuRef,
    id: menuId,
    role: "menu" as const,
    onClick: stopPropagation ? stop : undefined,
    onPointerDown: stopPropagation ? stop : undefined,
    onKeyDown: (e: KeyboardEvent) => {
      if (stopPropagation) e.stopPropagation();
      const moves: Record<string, number> = { ArrowDown: index === last ? 0 : index + 1, ArrowUp: index === 0 ? last : index - 1, Home: 0, End: last };
      if (e.key in moves) {
        e.preventDefault();
        setActive(moves[e.key]);
      } else if (e.key === "Escape") {
        e.preventDefault();
        close(true);
      } else if (e.key === "Tab") {
        close(false);
      } else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        choose(index);
      }
    },
  };

  const itemProps = (i: number) => ({
    role: "menuitem" as const,
    tabIndex: i === index ? 0 : -1,
    onClick: () => choose(i),
    onPointerMove: () => i !== index && setActive(i),
    onFocus: () => i !== index && setActive(i),
  });

  return { open, close, buttonRef, buttonProps, menuProps, itemProps };
}
