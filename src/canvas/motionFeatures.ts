/**
 * The motion features the pod chips animate with (enter, exit, travel between slots), loaded after the
 * first picture: motion's animation code stays out of the UI chunk the page compiles before drawing
 * (src/canvas/PodLayer.tsx, LazyMotion). Until it arrives the chips are drawn in place, unanimated.
 */
import { domAnimation } from "motion/react";

export default domAnimation;
