import { useEffect } from "react";
import { forwardKey } from "../embed/embed";
import { lessonStore } from "../store/lesson";
import { inLesson } from "../store/lessonControls";
import { useCluster } from "../store/store";
import { appSettings } from "../store/settings";
import { presenterAction } from "./keyboard";
import * as presenter from "./presenter";

/**
 * The presenter's keys on the whole page (src/ui/keyboard.ts decides what a key does): next, back,
 * play/pause, pause, reset, help, Zoom to step; in embed mode PageUp, PageDown, `.` and `b` go to the host page, or,
 * when no parent can hear them, act here (src/embed/keys.ts decides).
 */
export function usePresenterKeys(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      const settings = appSettings().getState();
      const action = presenterAction(e, { embed: settings.embed, singleKeys: settings.singleKeys, inLesson: inLesson() });
      if (!action) return;
      if (action === "forward") {
        // The host's clicker keys: forwardKey tells the host, or acts on them here when no parent listens.
        forwardKey(e);
        return;
      }
      e.preventDefault();
      switch (action) {
        case "next":
          return presenter.next();
        case "prev":
          return presenter.prev();
        case "pause":
          return presenter.pause();
        case "togglePlay":
          return presenter.togglePlay();
        case "reset":
          return presenter.reset();
        case "help":
          return onHelp();
        case "zoomStep": {
          // As the view's toggle, which a step without parts to point at does not show.
          if (!lessonStore(useCluster).getState().highlight.length) return;
          return settings.setStepZoom(!settings.stepZoom);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onHelp]);
}
