/**
 * What a route tells the document around it through `export const handle`. `hydrate: false`:
 * the page works entirely as HTML (links and forms that answer with a redirect or a re-rendered
 * page), so root.tsx sends it without React, the router or any other script.
 */
export interface PageHandle {
  hydrate?: false;
}

export function sendsScripts(handles: unknown[]): boolean {
  return !handles.some((handle) => (handle as PageHandle | undefined)?.hydrate === false);
}
