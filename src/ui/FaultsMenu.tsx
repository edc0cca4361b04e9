import { useMemo } from "react";
import { machineLine } from "./commandLines";
import { useCluster } from "../store/store";
import { useMenu } from "./useMenu";
import { naturalCompare } from "../naturalCompare";

/** The toolbar menu's items: stop/start every node, then the external machines, then partition/heal each. */
export function toolbarFaultItems(machines: readonly { id: string; role: string; running: boolean; partitioned: boolean }[]): { key: string; label: string; line: string; stop: boolean }[] {
  const rank = (role: string) => (role === "control-plane" ? 0 : role === "worker" ? 1 : 2);
  const sorted = [...machines].sort((a, b) => rank(a.role) - rank(b.role) || naturalCompare(a.id, b.id));
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
 * keyboard-friendly twin of the machines' own Faults menus on the canvas. A menu button
 * (src/ui/useMenu.ts): Enter, Space or ↓ opens it on the first item, ↑/↓/Home/End move, Escape closes
 * and returns focus to the button, Tab closes.
 */
export function FaultsMenu() {
  const machines = useCluster((s) => s.machines);
  const command = useCluster((s) => s.command);
  const items = useMemo(() => toolbarFaultItems(Object.values(machines)), [machines]);
  const menu = useMenu({ items, onChoose: (item) => void command(item.line) });

  return (
    <div className="menu-wrap">
      <button {...menu.buttonProps} type="button" className="btn">
        Faults
        <svg className="btn-glyph caret" viewBox="0 0 20 20" width="0.8em" height="0.8em" aria-hidden="true">
          <path d="M4 7l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {menu.open && (
        <ul {...menu.menuProps} className="menu" aria-label="Faults">
          {items.length === 0 && (
            <li role="none" className="menu-empty">
              No machines yet
            </li>
          )}
          {items.map((item, i) => (
            <li key={item.key} {...menu.itemProps(i)} className={item.stop ? "menu-item menu-item-stop" : "menu-item menu-item-start"}>
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
