import { fnv32a } from "../prng";

/**
 * Container images as containerd and a registry see them: reference parsing and normalization
 * (github.com/distribution/reference `ParseNormalizedNamed`, as k8s.io/kubernetes pkg/util/parsers
 * uses it), a small catalog of real images with realistic compressed sizes, and which registry hosts
 * resolve in DNS.
 */

/** A normalized image reference: `docker.io/library/nginx:latest` or `...@sha256:...`. */
export interface ImageRef {
  /** What the user wrote in the pod spec. */
  input: string;
  /** Registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path in the registry, `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
  /** `docker.io/library/nginx` */
  repo: string;
  /** `docker.io/library/nginx:latest` (or `@sha256:...` when pinned by digest). */
  full: string;
}

const DEFAULT_DOMAIN = "docker.io";
const REFERENCE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses an image name as the kubelet does before pulling (`applyDefaultImageTag`): a bare name gets
 * `docker.io/library/`, a missing tag gets `latest`. Returns the error text of
 * `parsers.ParseImageName` for a malformed name.
 */
export function parseImage(input: string): ImageRef | { error: string } {
  const fail = (why: string) => ({ error: `couldn't parse image name "${input}": ${why}` });
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return fail("invalid reference format");
  }
  // splitDockerDomain: the first component is a registry host if it has a dot or a port, or is localhost.
  let domain = DEFAULT_DOMAIN;
  let remainder = rest;
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    remainder = rest.slice(slash + 1);
  }
  let tag: string | undefined;
  const lastSlash = remainder.lastIndexOf("/");
  const colon = remainder.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
    if (!TAG.test(tag)) return fail("invalid reference format");
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/")) remainder = `library/${remainder}`;
  if (remainder.toLowerCase() !== remainder) return fail(`invalid reference format: repository name (${remainder}) must be lowercase`);
  if (!remainder || !REFERENCE.test(remainder)) return fail("invalid reference format");
  if (!tag && !digest) tag = "latest";
  const repo = `${domain}/${remainder}`;
  const full = digest ? `${repo}@${digest}` : `${repo}:${tag}`;
  return { input, domain, path: remainder, tag, digest, repo, full };
}

/** Registry hosts that resolve in DNS. Any other host fails with `no such host`. */
const KNOWN_REGISTRIES = new Set([
  "docker.io",
  "registry-1.docker.io",
  "registry.k8s.io",
  "k8s.gcr.io",
  "gcr.io",
  "quay.io",
  "ghcr.io",
  "public.ecr.aws",
  "mcr.microsoft.com",
  "registry.gitlab.com",
  "nvcr.io",
]);

export function registryResolves(domain: string): boolean {
  return KNOWN_REGISTRIES.has(domain) || /\.(docker\.io|pkg\.dev|amazonaws\.com|azurecr\.io)$/.test(domain);
}

/** What the image's default command does once started. */
export type ImageBehavior =
  /** A server (nginx, redis, httpd): runs until stopped, exits 0 shortly after SIGTERM. */
  | "server"
  /** A base OS image whose default command is a shell: with no TTY it reads EOF and exits 0 at once. */
  | "exits";

export interface RegistryImage {
  /** The manifest (index) digest: what repoDigests and a container's imageID show. */
  digest: string;
  /** The config digest: the image ID containerd reports (`sha256:...`). */
  id: string;
  /** Size as containerd reports it: the compressed content, in bytes. */
  size: number;
  behavior: ImageBehavior;
}

/** 64 lowercase hex characters derived from `seed` (a stand-in for a sha256 digest, deterministic). */
export function hex64(seed: string): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += fnv32a(`${seed}#${i}`).toString(16).padStart(8, "0");
  return out;
}

interface CatalogEntry {
  repo: string;
  tags: string[];
  size: number;
  digest?: string;
  id?: string;
}

/**
 * Real images with their compressed linux/amd64 sizes as of December 2024 (v1.32's release), rounded
 * from the registries' manifests [U: sizes approximate, digests synthetic except pause:3.10].
 */
const CATALOG: CatalogEntry[] = [
  { repo: "docker.io/library/nginx", tags: ["latest", "1", "1.27", "1.27.3", "mainline", "bookworm"], size: 72_099_410 },
  { repo: "docker.io/library/nginx", tags: ["stable", "1.26", "1.26.2"], size: 70_892_106 },
  { repo: "docker.io/library/nginx", tags: ["alpine", "1.27-alpine", "mainline-alpine"], size: 20_481_375 },
  { repo: "docker.io/library/busybox", tags: ["latest", "1", "1.37", "1.37.0", "stable"], size: 2_167_176 },
  { repo: "docker.io/library/redis", tags: ["latest", "7", "7.4", "7.4.1", "bookworm"], size: 45_011_346 },
  { repo: "docker.io/library/httpd", tags: ["latest", "2", "2.4", "2.4.62", "bookworm"], size: 58_225_987 },
  { repo: "docker.io/library/alpine", tags: ["latest", "3", "3.21", "3.21.0"], size: 3_641_715 },
  { repo: "docker.io/library/ubuntu", tags: ["latest", "24.04", "noble"], size: 29_754_290 },
  {
    repo: "registry.k8s.io/pause",
    tags: ["3.10"],
    size: 320_368,
    digest: "sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a",
    id: "sha256:873ed75102791e5b0b8a7fcd41606c92fcec98d56d05ead4ac5131650004c136",
  },
  { repo: "registry.k8s.io/kube-proxy", tags: ["v1.32.0"], size: 30_906_462 },
  { repo: "registry.k8s.io/kube-apiserver", tags: ["v1.32.0"], size: 28_670_731 },
  { repo: "registry.k8s.io/kube-controller-manager", tags: ["v1.32.0"], size: 26_258_470 },
  { repo: "registry.k8s.io/kube-scheduler", tags: ["v1.32.0"], size: 20_657_536 },
  { repo: "registry.k8s.io/etcd", tags: ["3.5.16-0"], size: 57_680_541 },
  { repo: "registry.k8s.io/coredns/coredns", tags: ["v1.11.3"], size: 18_562_039 },
];

/** Base OS images: their default command is a shell, which exits at once without a TTY. */
const SHELL_IMAGES = new Set(["busybox", "alpine", "ubuntu", "debian", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "archlinux"]);

export function imageBehavior(repo: string): ImageBehavior {
  const base = repo.split("/").pop() ?? repo;
  return SHELL_IMAGES.has(base) ? "exits" : "server";
}

function entryImage(e: CatalogEntry): RegistryImage {
  return {
    digest: e.digest ?? `sha256:${hex64(`${e.repo}:${e.tags[0]}/manifest`)}`,
    id: e.id ?? `sha256:${hex64(`${e.repo}:${e.tags[0]}/config`)}`,
    size: e.size,
    behavior: imageBehavior(e.repo),
  };
}

/** Why a registry could not serve a reference. */
export type LookupFailure = "repository" | "manifest";

/**
 * What the registry at `ref.domain` has under `ref`: the catalog's image, or for anything else a
 * deterministic image sized from its name. A repository or tag with `doesnotexist` in it is missing.
 */
export function lookupImage(ref: ImageRef): RegistryImage | { missing: LookupFailure } {
  if (ref.path.includes("doesnotexist")) return { missing: "repository" };
  if (ref.tag?.includes("doesnotexist")) return { missing: "manifest" };
  for (const e of CATALOG) {
    if (e.repo !== ref.repo) continue;
    if (ref.tag && e.tags.includes(ref.tag)) return entryImage(e);
    if (ref.digest && entryImage(e).digest === ref.digest) return entryImage(e);
  }
  const known = CATALOG.find((e) => e.repo === ref.repo);
  const key = ref.full;
  const h = fnv32a(key);
  // An unknown tag of a known repository: about the size of its other tags; an unknown image: 5-150 MB.
  const size = known ? Math.round(known.size * (0.9 + (h % 2000) / 10000)) : 5_000_000 + (h % 145_000_000);
  return {
    digest: ref.digest ?? `sha256:${hex64(`${key}/manifest`)}`,
    id: `sha256:${hex64(`${key}/config`)}`,
    size,
    behavior: imageBehavior(ref.repo),
  };
}

/** The sandbox ("pause") image containerd 1.7 uses: `sandbox_image` in its CRI config. */
export const PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

/** Images already on a node that kubeadm set up (the pause image, and the control-plane and kube-proxy images it pulled). */
export function preloadedImages(controlPlane: boolean): string[] {
  const all = [PAUSE_IMAGE, "registry.k8s.io/kube-proxy:v1.32.0"];
  if (controlPlane)
    all.push(
      "registry.k8s.io/kube-apiserver:v1.32.0",
      "registry.k8s.io/kube-controller-manager:v1.32.0",
      "registry.k8s.io/kube-scheduler:v1.32.0",
      "registry.k8s.io/etcd:3.5.16-0",
      "registry.k8s.io/coredns/coredns:v1.11.3",
    );
  return all;
}
