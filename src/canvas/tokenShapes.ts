/**
 * Token shapes as SVG path data in a 20×20 box centred on (10, 10): the legend draws them as SVG and
 * the flow layer as Path2D on its canvas, so both always match. Pure data.
 */
import type { TokenShape } from "./flowKinds";

export interface ShapeDef {
  d: string;
  /** Drawn as an outline (the ring) instead of filled. */
  stroke?: number;
}

export const TOKEN_SHAPES: Record<TokenShape, ShapeDef> = {
  circle: { d: "M1 10a9 9 0 1 0 18 0a9 9 0 1 0 -18 0z" },
  square: { d: "M2 2h16v16H2z" },
  diamond: { d: "M10 0L20 10L10 20L0 10z" },
  triangle: { d: "M10 0.5L19.5 18.5H0.5z" },
  pentagon: { d: "M10 0.5L19.5 7.6L15.9 19H4.1L0.5 7.6z" },
  star: { d: "M10 0L12.35 6.76L19.51 6.91L13.8 11.24L15.88 18.09L10 14L4.12 18.09L6.2 11.24L0.49 6.91L7.65 6.76z" },
  hexagon: { d: "M5 1.3H15L20 10L15 18.7H5L0 10z" },
  ring: { d: "M2.5 10a7.5 7.5 0 1 0 15 0a7.5 7.5 0 1 0 -15 0z", stroke: 4 },
  plus: { d: "M7 0h6v7h7v6h-7v7H7v-7H0V7h7z" },
  chevron: { d: "M0 3L10 11L20 3V10L10 18L0 10z" },
  bar: { d: "M0 5.5h20v9H0z" },
  dot: { d: "M5 10a5 5 0 1 0 10 0a5 5 0 1 0 -10 0z" },
  arrow: { d: "M0 6h10V0.5L20 10L10 19.5V14H0z" },
  cross: { d: "M3 0L10 7L17 0L20 3L13 10L20 17L17 20L10 13L3 20L0 17L7 10L0 3z" },
  pill: { d: "M7 3a3 3 0 0 1 6 0v14a3 3 0 0 1 -6 0z" },
};

/** Tokens are 20 flow px across; on screen never smaller than this many CSS px. */
export const MIN_TOKEN_SCREEN_PX = 11;
