import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { machineLine } from "./commandLines";
import { useCluster } from "../store/store";

/** The toolbar menu's items: stop/start every node, then the external machines, then partition/heal each. */
export function toolbarFaultItems(machines: readonly { id: string; role: string; running: boolean; partitioned: boolean }[]): { key: string; label: string; line: string; stop: boolean }[] {
  const rank = (role: string) => (role === "control-plane" ? 0 : role === "worker" ? 1 : 2);
  const sorted = [...machines].sort((a, b) => rank(a.role) - rank(b.role) || a.id.localeCompare(b.id, "en", { numeric: true }));
  const power = sorted.map((m) => {
    const verb = m.running ? ("stop" as const) : ("start" as const);
    return { key: `power ${m.id}`, label: `${m.running ? "Stop" : "Start"} ${m.id}`, line: machineLine(verb, m.id), stop: m.running };
  });
  const network = sorted.map((m) =>
    m.partitioned
      ? { key: `net ${m.id}`, label: `Heal ${m.id}`, line: `heal ${m.id}`, stop: false }
      : { key: `net ${m.id}`, label: `Partition ${m.id}`, line: `partition ${m.id}`, stop: true },
  );
  return [...power, ...network];
}

/**
 * "Faults": a menu with "Stop worker-1" / "Start worker-1" for every machine (the load balancer,
 * kubectl and the image registry too), then "Partition worker-1" / "Heal worker-1" for each: the
 * keyboard-friendly twin of the machines' own Faults menus on the canvas. A menu button: Enter, Space
 * or ↓ opens it on the first item, ↑/↓/Home/End move, Escape closes and returns focus to the button,
 * Tab closes.
 */
export function FaultsMenu() {
  const machines = useCluster((s) => s.machines);
  const command = useCluster((s) => s.command);
  const items = useMemo(() => toolbarFaultItems(Object.values(machines)), [machines]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const item = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active];
    item?.focus();
  }, [open, active]);

  // A click outside closes the menu.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const openAt = (index: number) => {
    setActive(Math.max(0, Math.min(items.length - 1, index)));
    setOpen(true);
  };
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };
  const choose = (index: number) => {
    const item = items[index];
    if (!item) return;
    close(true);
    void command(item.line);
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      openAt(0);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      openAt(items.length - 1);
    }
  };
  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const last = items.length - 1;
    const moves: Record<string, number> = { ArrowDown: active === last ? 0 : active + 1, ArrowUp: active === 0 ? last : active - 1, Home: 0, End: last };
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
      choose(active);
    }
  };

  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        Faults
        <svg className="btn-glyph caret" viewBox="0 0 20 20" width="0.8em" height="0.8em" aria-hidden="true">
          <path d="M4 7l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open && (
        <ul ref={menuRef} id={menuId} className="menu" role="menu" aria-label="Faults" onKeyDown={onMenuKey}>
          {items.length === 0 && (
            <li role="none" className="menu-empty">
              No machines yet
            </li>
          )}
          {items.map((item, i) => (
            <li
              key={item.key}
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              className={item.stop ? "menu-item menu-item-stop" : "menu-item menu-item-start"}
              onClick={() => choose(i)}
              onPointerMove={() => setActive(i)}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
