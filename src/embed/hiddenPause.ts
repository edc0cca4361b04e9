/**
 * The embed's "pause while hidden" decisions (pure: src/embed/embed.ts feeds it the page's visibility
 * and the cluster store's changes, and gives it the store's play and pause).
 *
 * While hidden (another tab, a minimised window, a slide not shown or scrolled away) the simulation
 * never plays: whenever the store starts playing (the worker's first state of a moment that plays, a
 * host's `play` or `slide:start`, a lesson's Next, a reset) it is paused at once, and the page
 * remembers that it should play when shown. (A moment that plays from its init runs one frame in the
 * worker before the page sees it play: a few milliseconds of sim time.) So an embed that reveal.js preloads for a later slide, or
 * one in a background tab, waits at its moment instead of running on unseen.
 *
 * What a presenter expects of the host's calls while hidden: the last one says what happens when the
 * slide is shown. A `play` (or `slide:start`) is remembered, not played now: the frame plays when it
 * is shown. A `pause` (or `slide:stop`, `.`/`b`) forgets that intent: the frame stays paused when
 * shown, even if it was playing when it was hidden. Any other call (next, prev, goto, reset) first
 * forgets the intent too, as it would leave a shown frame paused; if the call makes the store play, the
 * intent comes back with it.
 */
export interface Playback {
  playing(): boolean;
  play(): void;
  pause(): void;
}

export class HiddenPause {
  private hidden: boolean;
  /** Play when shown: we paused it (or kept it from playing) while hidden. */
  private resume = false;

  constructor(
    private readonly playback: Playback,
    hidden: boolean,
  ) {
    this.hidden = hidden;
    this.check();
  }

  /** The page was hidden or shown. */
  setHidden(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    if (hidden) this.check();
    else if (this.resume) {
      this.resume = false;
      if (!this.playback.playing()) this.playback.play();
    }
  }

  /** The store changed: call it on every change (and once at start: the constructor does). */
  check(): void {
    if (this.hidden && this.playback.playing()) {
      this.resume = true;
      this.playback.pause();
    }
  }

  /** An explicit call from outside (the host, a key) is about to run: the intent to play is its to say. */
  beforeCall(): void {
    if (this.hidden) this.resume = false;
  }

  /** Whether it will play when shown (tests). */
  get willResume(): boolean {
    return this.resume;
  }
}

/** As much of the cluster store (src/store/store.ts) as pausing needs. */
export interface PlaybackStore {
  getState(): { playback: { playing: boolean }; play(): void; pause(): void };
  subscribe(listener: (state: { playback: { playing: boolean } }) => void): () => void;
}

/** A pauser driven by `store`: checked whenever the store plays. `stop` ends the subscription. */
export function watchStore(store: PlaybackStore, hidden: boolean): { pauser: HiddenPause; stop: () => void } {
  const pauser = new HiddenPause(
    {
      playing: () => store.getState().playback.playing,
      play: () => store.getState().play(),
      pause: () => store.getState().pause(),
    },
    hidden,
  );
  // Whatever starts it playing while hidden (the worker's first state, a call, a lesson's step): paused again.
  const stop = store.subscribe((s) => {
    if (s.playback.playing) pauser.check();
  });
  return { pauser, stop };
}

let held: { pauser: HiddenPause; stop: () => void } | null = null;

/**
 * An embedded page holds its simulation from the start (src/main.tsx), counting as hidden until the UI
 * has loaded and knows whether it is shown (src/embed/embed.ts takes the hold over with `takeHold`). A
 * moment that plays then starts where the link says once it is drawn and shown, and a frame loaded
 * hidden never runs while its UI loads.
 */
export function holdWhileLoading(store: PlaybackStore): void {
  if (!held) held = watchStore(store, true);
}

/** The hold `holdWhileLoading` started, once (null if none). */
export function takeHold(): { pauser: HiddenPause; stop: () => void } | null {
  const h = held;
  held = null;
  return h;
}
