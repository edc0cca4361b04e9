import type { ComponentView, MachineView } from "./clusterView";

/** Accessible name of a machine card: "worker-1 (worker node, Ready)". */
export function machineLabel(machine: Pick<MachineView, "name" | "role" | "status">): string {
  return `${machine.name} (${machine.role} node, ${machine.status})`;
}

/** Accessible name of a component box: "kubelet on worker-1, running". */
export function componentLabel(component: ComponentView): string {
  const where = component.id.includes("@") ? ` on ${component.id.slice(component.id.indexOf("@") + 1)}` : "";
  return `${component.name}${where}, ${component.running ? "running" : "stopped"}`;
}

/** The sim clock as h:mm:ss.mmm (sim ms since start); integer ms in, no Date involved. */
export function formatSimClock(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  const millis = t % 1000;
  const totalSeconds = Math.floor(t / 1000);
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${hours}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, "0")}`;
}
