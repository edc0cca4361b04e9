/**
 * The CNI plugin's address management on one node: host-local IPAM (containernetworking/plugins
 * plugins/ipam/host-local) over the node's pod CIDR, as flannel's and the bridge plugin's configs use
 * it. The gateway (`.1`, the cni0 bridge) is reserved; addresses are handed out round-robin after the
 * last reserved one, so a freed address is not reused at once. Its state lives in
 * /var/lib/cni/networks, on disk: `lastReserved` survives a reboot.
 */
export class HostLocalIpam {
  private cidr = "";
  private base = 0;
  private size = 0;
  private lastReserved = -1;
  private readonly allocated = new Map<number, string>();

  /** Sets the range; a new range starts empty (the old one's leases no longer apply). */
  setRange(cidr: string): void {
    if (cidr === this.cidr) return;
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
    if (!m) return;
    const prefix = Number(m[5]);
    const ip = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
    this.size = 2 ** (32 - prefix);
    this.base = ip - (ip % this.size);
    this.cidr = cidr;
    this.lastReserved = -1;
    this.allocated.clear();
  }

  get range(): string {
    return this.cidr;
  }

  /** Allocates the next free address for `owner` (a sandbox id), or undefined when the range is full. */
  allocate(owner: string): string | undefined {
    if (!this.size) return undefined;
    // Usable host addresses are .2 to broadcast-1 (.1 is the gateway).
    const first = 2;
    const last = this.size - 2;
    const span = last - first + 1;
    const start = this.lastReserved < first ? first : this.lastReserved + 1;
    for (let i = 0; i < span; i++) {
      const off = first + ((start - first + i) % span);
      if (this.allocated.has(off)) continue;
      this.allocated.set(off, owner);
      this.lastReserved = off;
      return ipString(this.base + off);
    }
    return undefined;
  }

  release(owner: string): void {
    for (const [off, o] of this.allocated) if (o === owner) this.allocated.delete(off);
  }

  /** Frees every lease (a reboot: the sandboxes that held them are gone and CNI DEL cleans up). */
  releaseAll(): void {
    this.allocated.clear();
  }
}

function ipString(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/**
 * The pod CIDR a node uses when the Node has no `spec.podCIDR` (no IPAM controller assigned one): the
 * /24 that kube-controller-manager's range allocator would give the k-th node of a 10.244.0.0/16
 * cluster CIDR (flannel's default), counting nodes in the order they joined. Beyond 256 nodes the
 * /24s continue into 10.245.0.0 and up, as a larger cluster CIDR would give.
 */
export function derivedPodCIDR(nodeIndex: number): string {
  return `10.${244 + Math.floor(nodeIndex / 256)}.${nodeIndex % 256}.0/24`;
}
