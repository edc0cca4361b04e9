/**
 * cidrset.CidrSet (pkg/controller/nodeipam/ipam/cidrset): the /24 blocks of the cluster CIDR, handed out
 * in order starting after the last one allocated.
 */
export class CidrSet {
  private readonly used = new Set<number>();
  private nextCandidate = 0;
  readonly base: number;
  readonly maxCIDRs: number;

  constructor(
    readonly clusterCIDR = "10.244.0.0/16",
    readonly subnetMaskSize = 24,
  ) {
    const [ip, bits] = clusterCIDR.split("/");
    this.base = ipToInt(ip);
    this.maxCIDRs = 2 ** (subnetMaskSize - Number(bits));
  }

  private cidr(i: number): string {
    return `${intToIp(this.base + i * 2 ** (32 - this.subnetMaskSize))}/${this.subnetMaskSize}`;
  }

  private index(cidr: string): number | undefined {
    const [ip, bits] = cidr.split("/");
    if (Number(bits) !== this.subnetMaskSize) return undefined;
    const i = (ipToInt(ip) - this.base) / 2 ** (32 - this.subnetMaskSize);
    return Number.isInteger(i) && i >= 0 && i < this.maxCIDRs ? i : undefined;
  }

  /** AllocateNext: the first free block from the candidate on, or undefined when full ("CIDR allocation failed; there are no remaining CIDRs left to allocate"). */
  allocateNext(): string | undefined {
    for (let k = 0; k < this.maxCIDRs; k++) {
      const i = (this.nextCandidate + k) % this.maxCIDRs;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.nextCandidate = (i + 1) % this.maxCIDRs;
      return this.cidr(i);
    }
    return undefined;
  }

  /** Occupy: mark a node's existing podCIDR as taken. */
  occupy(cidr: string): boolean {
    const i = this.index(cidr);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const i = this.index(cidr);
    if (i !== undefined) this.used.delete(i);
  }
}

function ipToInt(ip: string): number {
  return ip.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}
