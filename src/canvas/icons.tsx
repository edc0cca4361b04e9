/**
 * Status shapes and pictograms as React elements. The shapes themselves are markup shared with the
 * first picture drawn before React is in (./iconMarkup.ts). Each status class has its own SHAPE
 * (colour is only a second cue), and the words beside it say the same thing, so the icons are hidden
 * from screen readers.
 */
import { PICTOGRAMS, SHAPES, type Pictogram, type ShapeName } from "./iconMarkup";

export type { Pictogram } from "./iconMarkup";

export function StatusShape({ shape, className }: { shape: ShapeName; className?: string }) {
  return (
    <svg
      className={`shape shape-${shape}${className ? ` ${className}` : ""}`}
      viewBox="0 0 20 20"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      dangerouslySetInnerHTML={{ __html: SHAPES[shape] }}
    />
  );
}

export function PictogramIcon({ name }: { name: Pictogram }) {
  return (
    <svg
      className="pictogram"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      dangerouslySetInnerHTML={{ __html: PICTOGRAMS[name] }}
    />
  );
}
