/**
 * "Faults" on every machine: a menu button in the machine's header whose items stop and start the
 * machine, cut and heal its network, and stop and start each of its components, in the action
 * language (`stop node worker-2`, `partition worker-2`, `stop etcd@control-plane-2`) through the
 * store's command path, as the command bar would run them. The menu opens in a portal at screen
 * size (it does not shrink with the picture). Keyboard (src/ui/useMenu.ts): Enter, Space or ↓ opens it
 * on the first item, ↑/↓/Home/End move, Enter runs, Escape closes and returns focus to the button, Tab
 * closes.
 */
import { useLayoutEffect, useState } from "react";
import { CARET } from "./iconMarkup";
import { createPortal } from "react-dom";
import { useCanvasApi, useRecordsView } from "./canvasStore";
import type { ComponentRecord, MachineRecord, SimRecord } from "../bridge/protocol";
import { AGENTS, CONTROL_PLANE_COMPONENTS } from "./layout";
import { useMenu, type Menu } from "../ui/useMenu";

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

/** "1" or "0" for the machine running and partitioned, then for each component running (the records of `useRecordsView`). */
function runningFlags([machine, ...components]: readonly (SimRecord | undefined)[]): string {
  const m = machine as MachineRecord | undefined;
  let flags = `${m?.running ?? true ? 1 : 0}${m?.partitioned ? 1 : 0}`;
  for (const c of components) flags += (c as ComponentRecord | undefined)?.running ?? true ? "1" : "0";
  return flags;
}

export function MachineFaults({ name, role }: { name: string; role: "control-plane" | "worker" }) {
  const api = useCanvasApi();
  const comps = machineComponents(role);
  // The machine's and its components' running flags as one string: re-render only when one flips.
  // Keyed on those records, so a frame that renews kubelets' leases wakes only their machines.
  const flags = useRecordsView([["machines", name], ...comps.map((c) => ["components", `${c}@${name}`] as const)], runningFlags);
  const items = faultItems(name, {
    running: flags[0] === "1",
    partitioned: flags[1] === "1",
    components: comps.map((component, i) => ({ component, running: flags[2 + i] === "1" })),
  });
  // Inside the canvas: keep the menu's clicks, keys and pointer downs from panning or selecting the picture.
  const menu = useMenu({ items, onChoose: (item) => void api.getState().command(item.line), stopPropagation: true, closeOnWheel: true });

  return (
    <>
      <button {...menu.buttonProps} type="button" className="faults-button nodrag nopan" aria-label={`Faults on ${name}`} title={`Faults on ${name}`}>
        Faults
        <svg className="caret" viewBox="0 0 20 20" width="0.8em" height="0.8em" aria-hidden="true" focusable="false" dangerouslySetInnerHTML={{ __html: CARET }} />
      </button>
      {menu.open && <FaultsMenuPopup name={name} items={items} anchor={menu.buttonRef} menu={menu} />}
    </>
  );
}

/** The open menu, in a portal at screen size next to its button (above it where there is no room below). */
function FaultsMenuPopup({
  name,
  items,
  anchor,
  menu,
}: {
  name: string;
  items: FaultItem[];
  anchor: React.RefObject<HTMLButtonElement | null>;
  menu: Pick<Menu<FaultItem>, "menuProps" | "itemProps">;
}) {
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const menuRef = menu.menuProps.ref;

  useLayoutEffect(() => {
    const r = anchor.current?.getBoundingClientRect();
    if (!r) return;
    const menuH = menuRef.current?.offsetHeight ?? 0;
    const menuW = menuRef.current?.offsetWidth ?? 0;
    const top = r.bottom + 4 + menuH > window.innerHeight ? Math.max(4, r.top - 4 - menuH) : r.bottom + 4;
    const left = Math.max(4, Math.min(r.left, window.innerWidth - menuW - 4));
    setPos({ left, top });
  }, [anchor, menuRef, items.length]);

  return createPortal(
    <ul
      {...menu.menuProps}
      className="menu machine-faults-menu"
      aria-label={`Faults on ${name}`}
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: 0 }}
    >
      {items.map((item, i) => (
        <li
          key={item.line}
          {...menu.itemProps(i)}
          className={`menu-item ${item.line.startsWith("stop") || item.line.startsWith("partition") ? "menu-item-stop" : "menu-item-start"}`}
          data-line={item.line}
        >
          {item.label}
        </li>
      ))}
    </ul>,
    document.body,
  );
}
