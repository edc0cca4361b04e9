import { expect, test, type Page } from "@playwright/test";
import { runCommand, runningPods, setSpeed, snap, watchConsole } from "./helpers";

/**
 * Issue 4, "What people see", with three control planes: the etcd quorum and leader in words, a new
 * leader after the leader's machine stops (and writes still work), "no quorum" after two of three
 * stop (a write fails, the pods stay Running), and the Faults menu on a machine, by keyboard.
 */

const HA = "/?topology=masters=3,workers=3";

async function openHa(page: Page): Promise<void> {
  await page.goto(HA);
  await expect(page.getByRole("button", { name: "Stop control-plane-3" })).toBeVisible({ timeout: 20_000 });
  await setSpeed(page, "End", "100×");
  await expect(runningPods(page, "web")).toHaveCount(3, { timeout: 90_000 });
  await expect(quorum(page)).toHaveText("3 of 3 members — writes OK", { timeout: 30_000 });
}

const quorum = (page: Page) => page.locator(".ha-quorum-words");
const leaderLine = (page: Page) => page.locator(".ha-leader");

/** The control plane whose etcd member is the Raft leader (its crown). */
async function etcdLeader(page: Page): Promise<string> {
  const leader = page.locator('[data-raft-role="leader"]');
  await expect(leader).toHaveCount(1, { timeout: 30_000 });
  const actor = (await leader.getAttribute("data-actor")) ?? "";
  return actor.slice(actor.indexOf("@") + 1);
}

test("stopping the etcd leader's machine elects a new leader, and scaling still works", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openHa(page);
  const first = await etcdLeader(page);
  await expect(leaderLine(page)).toContainText(`leader ${first} · term`);
  await expect(page.getByRole("button", { name: new RegExp(`^etcd, leader · term \\d+, on ${first}$`) })).toBeVisible();
  await snap(page, testInfo, "ha-normal");

  await page.getByRole("button", { name: `Stop ${first}`, exact: true }).click();
  await expect(page.getByRole("button", { name: `Start ${first}`, exact: true })).toBeVisible();
  await expect(quorum(page)).toHaveText("2 of 3 members — writes OK", { timeout: 30_000 });
  await expect(leaderLine(page)).toContainText(/leader control-plane-\d · term \d+/, { timeout: 30_000 });
  const second = await etcdLeader(page);
  expect(second).not.toBe(first);
  await expect(leaderLine(page)).toContainText(`leader ${second}`);
  await snap(page, testInfo, "ha-new-leader");

  await runCommand(page, "kubectl scale deployment web --replicas=4", "deployment.apps/web scaled");
  await expect(runningPods(page, "web")).toHaveCount(4, { timeout: 120_000 });
  expect(problems).toEqual([]);
});

test("two of three control planes stopped: no quorum, a write fails, the pods stay Running", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openHa(page);
  await runCommand(page, "stop node control-plane-2", "control-plane-2 stopped");
  await runCommand(page, "stop node control-plane-3", "control-plane-3 stopped");
  await expect(quorum(page)).toHaveText("1 of 3 — no quorum: writes fail", { timeout: 30_000 });
  await expect(page.locator(".ha-quorum")).toContainText("no leader");
  await snap(page, testInfo, "ha-no-quorum");

  // The API server's timeout ("Error from server (Timeout): ... context deadline exceeded", or etcd's
  // "Error from server: etcdserver: request timed out"), or, once the load balancer's health checks have
  // marked the last API server down (its /readyz checks etcd), no server at all.
  await runCommand(page, "kubectl scale deployment web --replicas=5", /Error from server( \(\w+\))?: .*(timed out|deadline exceeded)|Unable to connect to the server/);
  // Running pods keep running: nothing about them needs the control plane.
  await expect(runningPods(page, "web")).toHaveCount(3);
  await page.waitForTimeout(2_000);
  await expect(runningPods(page, "web")).toHaveCount(3);
  await snap(page, testInfo, "ha-scale-fails");
  expect(problems).toEqual([]);
});

test("keyboard: a machine's Faults menu partitions and heals it, and stops a component", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openHa(page);

  const faults = page.getByRole("button", { name: "Faults on worker-2" });
  await faults.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Faults on worker-2" });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole("menuitem", { name: "Stop worker-2" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Partition worker-2" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(menu).toBeHidden();
  await expect(faults).toBeFocused();
  await expect(page.getByRole("button", { name: /^worker-2, worker node, .*, network partitioned$/ })).toBeVisible({ timeout: 30_000 });
  await snap(page, testInfo, "ha-partitioned");

  // Heal it again, then stop etcd on control-plane-2 from its machine's menu (End, then ↑ to it).
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Heal worker-2" })).toBeVisible();
  await menu.getByRole("menuitem", { name: "Heal worker-2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /^worker-2, worker node, .*, network partitioned$/ })).toBeHidden({ timeout: 30_000 });

  const cpFaults = page.getByRole("button", { name: "Faults on control-plane-2" });
  await cpFaults.focus();
  await page.keyboard.press("Enter");
  const cpMenu = page.getByRole("menu", { name: "Faults on control-plane-2" });
  await cpMenu.getByRole("menuitem", { name: "Stop etcd on control-plane-2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "etcd, stopped, on control-plane-2" })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".ha-members")).toContainText("control-plane-2: stopped");
  // Escape closes a menu and gives the focus back.
  await cpFaults.focus();
  await page.keyboard.press("Enter");
  await expect(cpMenu.getByRole("menuitem", { name: "Start etcd on control-plane-2" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(cpMenu).toBeHidden();
  await expect(cpFaults).toBeFocused();
  expect(problems).toEqual([]);
});

test("the load balancer's own Stop button: kubectl's dial times out while it is down, and works once it is back", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await page.goto("/?topology=masters=1,workers=2");
  const stop = page.getByRole("button", { name: "Stop load-balancer" });
  await expect(stop).toBeVisible({ timeout: 15_000 });
  await setSpeed(page, "End", "100×");
  await stop.click();
  await expect(page.getByRole("button", { name: "Start load-balancer" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^load balancer, stopped/ })).toBeVisible();
  await snap(page, testInfo, "load-balancer-stopped");
  // Nothing answers the TCP handshake: client-go's dialer gives up after 30 s.
  await runCommand(page, "kubectl get pods", "Unable to connect to the server: dial tcp 192.168.0.10:6443: i/o timeout");
  await page.getByRole("button", { name: "Start load-balancer" }).click();
  await expect(page.getByRole("button", { name: "Stop load-balancer" })).toBeVisible();
  // HAProxy marks the API server up again after two good health checks; kubectl answers again (the
  // nodes may show NotReady for a while: their kubelets could not renew through the load balancer either).
  await page.waitForTimeout(500);
  await runCommand(page, "kubectl get nodes", /NAME\s+STATUS[\s\S]*control-plane-1\s+(Ready|NotReady)/);
  expect(problems).toEqual([]);
});

test("at fit to view, a click or the Tab key on a part low in the picture leaves the view fitted (it follows the inspector opening)", async ({ page }) => {
  await page.goto(`${HA}&paused=1`);
  await expect(page.getByRole("button", { name: "Stop control-plane-3" })).toBeVisible({ timeout: 20_000 });
  const canvas = page.getByRole("region", { name: "Cluster diagram" });
  const transform = () => canvas.locator(".react-flow__viewport").evaluate((e) => getComputedStyle(e).transform);
  /** Whether every machine is whole in the pane. */
  const allInside = async () => {
    const pane = (await canvas.boundingBox())!;
    for (const m of await canvas.locator('.react-flow__node[data-id^="machine:"]').all()) {
      const b = (await m.boundingBox())!;
      if (b.x < pane.x - 0.5 || b.y < pane.y - 0.5 || b.x + b.width > pane.x + pane.width + 0.5 || b.y + b.height > pane.y + pane.height + 0.5) return false;
    }
    return true;
  };
  const fitted = await transform();
  // worker-1's kube-proxy sits in the band at the foot of the pane, right of the view's buttons: the
  // keyboard reaches it without the view moving.
  const proxy = canvas.getByRole("button", { name: "kube-proxy, running, on worker-1" });
  await proxy.focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(proxy).toBeFocused();
  await page.waitForTimeout(400);
  expect(await transform()).toBe(fitted);
  // A click opens the inspector; the picture is fitted again to the narrower pane, whole.
  await proxy.click();
  await expect(page.getByRole("complementary", { name: "kube-proxy on worker-1" })).toBeVisible();
  await expect.poll(transform).not.toBe(fitted);
  await expect.poll(allInside).toBe(true);
});
