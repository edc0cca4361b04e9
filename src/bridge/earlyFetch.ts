/**
 * The fetch of a link's shipped picture (./shipped.ts), started by a tiny inline script at the top of
 * the built index.html (vite.config.ts, `earlyStart`), beside the worker's start: it then runs while the
 * page's entry downloads, instead of after it. The entry (src/main.tsx, `fetchShippedPicture`) takes
 * the answer if the script asked for the file the entry would have asked for, and fetches its own
 * otherwise.
 *
 * No imports: vite.config.ts reads this file. The script is plain ES5, and asks for a picture only for
 * a link the entry would ask for too (it is stricter where the two could disagree: a parameter merely
 * present counts).
 */

/** Where the build writes the shipped pictures, under the app's base. */
export const SHIPPED_DIR = "moments";

/** The path of a picture's file, relative to the app's base. */
export function shippedPicturePath(build: string, name: string): string {
  return `${SHIPPED_DIR}/${build}/${name}.txt`;
}

/** Where the script leaves its fetch for the entry: the picture's name and the file's text (null if none). */
export const EARLY_FETCH_GLOBAL = "__clusterscopeShipped";

export interface EarlyFetch {
  name: string;
  text: Promise<string | null>;
}

/** The inline script for the build `build` (its pictures sit under `moments/<build>/`). */
export function earlyFetchScript(build: string): string {
  if (!/^[\w-]+$/.test(build)) throw new Error(`earlyFetchScript: not a build id: ${build}`);
  return (
    `(function(){try{if(location.protocol==="file:")return;var q=new URLSearchParams(location.search),n=null;` +
    `if(q.has("t")||q.has("do")||q.has("speed")||q.get("pace")==="0"||q.has("bench"))return;` +
    // The lesson id and step as src/store/url.ts accepts them (a step without leading zeros or spaces).
    `var l=q.get("lesson");if(l!==null){var s=q.get("step");if(q.has("seed")||!/^[a-z0-9][a-z0-9-]{0,63}$/.test(l)||(s!==null&&!/^[1-9][0-9]{0,3}$/.test(s)))return;` +
    `n=l+"-"+(s===null?"1":s)}else if(!q.has("seed")&&!q.has("topology"))n="start";` +
    `if(!n)return;` +
    `window.${EARLY_FETCH_GLOBAL}={name:n,text:fetch(new URL("${SHIPPED_DIR}/${build}/"+n+".txt",document.baseURI))` +
    `.then(function(r){return r.ok?r.text():null}).catch(function(){return null})}}catch(e){}})()`
  );
}

/** Takes the script's fetch (once), if it asked for `name`. */
export function takeEarlyFetch(name: string, scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): Promise<string | null> | null {
  const early = scope[EARLY_FETCH_GLOBAL] as EarlyFetch | undefined;
  if (!early) return null;
  delete scope[EARLY_FETCH_GLOBAL];
  return early.name === name ? early.text : null;
}
