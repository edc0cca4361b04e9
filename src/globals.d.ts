/** The build's id (vite.config.ts, `sourceHash`): a hash of the sources. Undefined outside Vite. */
declare const __CLUSTERSCOPE_BUILD__: string | undefined;
