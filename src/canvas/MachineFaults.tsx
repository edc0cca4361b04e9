/**
 * "Faults" on every machine: a menu button in the machine's header whose items stop and start the
 * machine, cut and heal its network, and stop and start each of its components, in the action
 * language (`stop node worker-2`, `partition worker-2`, `stop etcd@control-plane-2`) through the
 * store's command path, as the command bar would run them. The menu opens in a portal at screen
 * size (it does not shrink with the picture). Keyboard: Enter, Space or ↓ opens it on the first item,
 * ↑/↓/Home/End move, Enter runs, Escape closes and returns focus to the button, Tab closes.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { createPortal } from "react-dom";
import { useCanvas, useCanvasApi } from "./canvasStore";
import { AGENTS, CONTROL_PLANE_COMPONENTS } from "./layout";

export interface FaultItem {
  /** What the item says: "Stop etcd on control-plane-2". */
  label: string;
  /** The action-language line it runs. */
  line: string;
}

/** The components a machine of `role` runs, in the order the canvas draws them. */
export function machineComponents(role: "control-plane" | "worker"): readonly string[] {
  return role === "control-plane" ? [...CONTROL_PLANE_COMPONENTS, ...AGENTS] : AGENTS;
}

/** The menu's items for a machine in its current state (pure). */
export function faultItems(
  machine: string,
  state: { running: boolean; partitioned: boolean; components: readonly { component: string; running: boolean }[] },
): FaultItem[] {
  const items: FaultItem[] = [
    state.running ? { label: `Stop ${machine}`, line: `stop node ${machine}` } : { label: `Start ${machine}`, line: `start node ${machine}` },
    state.partitioned ? { label: `Heal ${machine}`, line: `heal ${machine}` } : { label: `Partition ${machine}`, line: `partition ${machine}` },
  ];
  // A stopped machine's components cannot be started on their own: only the machine's items then.
  if (!state.running) return items;
  for (const c of state.components) {
    items.push(
      c.running
        ? { label: `Stop ${c.component} on ${machine}`, line: `stop ${c.component}@${machine}` }
        : { label: `Start ${c.component} on ${machine}`, line: `start ${c.component}@${machine}` },
    );
  }
  return items;
}

const stop = (e: SyntheticEvent) => e.stopPropagation();

export function MachineFaults({ name, role }: { name: string; role: "control-plane" | "worker" }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="faults-button nodrag nopan"
        aria-label={`Faults on ${name}`}
        title={`Faults on ${name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onPointerDown={stop}
        onClick={(e) => {
          e.stopPropagation();
          if (open) close(false);
          else {
            setActive(0);
            setOpen(true);
          }
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setActive(e.key === "ArrowDown" ? 0 : -1);
            setOpen(true);
          }
        }}
      >
        Faults
        <svg className="caret" viewBox="0 0 20 20" width="0.8em" height="0.8em" aria-hidden="true" focusable="false">
          <path d="M4 7l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open && <FaultsMenuPopup id={menuId} name={name} role={role} anchor={buttonRef} active={active} setActive={setActive} close={close} />}
    </>
  );
}

function FaultsMenuPopup({
  id,
  name,
  role,
  anchor,
  active,
  setActive,
  close,
}: {
  id: string;
  name: string;
  role: "control-plane" | "worker";
  anchor: React.RefObject<HTMLButtonElement | null>;
  active: number;
  setActive: (i: number) => void;
  close: (focusButton: boolean) => void;
}) {
  const api = useCanvasApi();
  const comps = machineComponents(role);
  // The machine's and its components' running flags as one string: re-render only when one flips.
  const flags = useCanvas((s) => {
    const m = s.machines[name];
    return `${m?.running ?? true ? 1 : 0}${m?.partitioned ? 1 : 0}${comps.map((c) => (s.components[`${c}@${name}`]?.running ?? true ? 1 : 0)).join("")}`;
  });
  const items = faultItems(name, {
    running: flags[0] === "1",
    partitioned: flags[1] === "1",
    components: comps.map((component, i) => ({ component, running: flags[2 + i] === "1" })),
  });
  const menuRef = useRef<HTMLUListElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const index = active < 0 ? items.length - 1 : Math.min(active, items.length - 1);

  useLayoutEffect(() => {
    const r = anchor.current?.getBoundingClientRect();
    if (!r) return;
    const menuH = menuRef.current?.offsetHeight ?? 0;
    const menuW = menuRef.current?.offsetWidth ?? 0;
    const top = r.bottom + 4 + menuH > window.innerHeight ? Math.max(4, r.top - 4 - menuH) : r.bottom + 4;
    const left = Math.max(4, Math.min(r.left, window.innerWidth - menuW - 4));
    setPos({ left, top });
  }, [anchor, items.length]);

  useEffect(() => {
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[index]?.focus();
  }, [index, pos]);

  // A click outside, or the picture moving under the menu, closes it.
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !anchor.current?.contains(target)) close(false);
    };
    const onWheel = (e: WheelEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("wheel", onWheel, { passive: true });
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("wheel", onWheel);
    };
  }, [anchor, close]);

  const choose = (i: number) => {
    const item = items[i];
    if (!item) return;
    close(true);
    void api.getState().command(item.line);
  };
  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    e.stopPropagation();
    const last = items.length - 1;
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
  };

  return createPortal(
    <ul
      ref={menuRef}
      id={id}
      className="menu machine-faults-menu"
      role="menu"
      aria-label={`Faults on ${name}`}
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: 0 }}
      onKeyDown={onKey}
      onClick={stop}
      onPointerDown={stop}
    >
      {items.map((item, i) => (
        <li
          key={item.line}
          role="menuitem"
          tabIndex={i === index ? 0 : -1}
          className={`menu-item ${item.line.startsWith("stop") || item.line.startsWith("partition") ? "menu-item-stop" : "menu-item-start"}`}
          onClick={() => choose(i)}
          onPointerMove={() => i !== index && setActive(i)}
          onFocus={() => i !== index && setActive(i)}
          data-line={item.line}
        >
          {item.label}
        </li>
      ))}
    </ul>,
    document.body,
  );
}
