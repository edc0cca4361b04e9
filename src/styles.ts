/**
 * Every style sheet of the page, in the order the UI imports them (so the cascade is the same), loaded
 * with the page's entry (src/main.tsx) rather than with the UI's code: the first picture
 * (src/prepaint.ts) is drawn with the live canvas's own classes before the UI has loaded, and the
 * sheets are then already in place for it. The components still import the sheets they use.
 */
import "@xyflow/react/dist/base.css";
import "./canvas/canvas.css";
import "./ui/lessons.css";
import "./ui/app.css";
import "./ui/themes.css";
