/**
 * What a route tells the document around it through `export const handle`.
 * - `hydrate: false`: the page works entirely as HTML (links and forms that answer with a
 *   redirect or a re-rendered page), so root.tsx sends it without React, the router or the data
 *   React would start from.
 * - `script`: one small file from public/ such a page still loads (e.g. the Print button's).
 */
export interface PageHandle {
  hydrate?: false;
  script?: string;
}

/**
 * Print pages (letters, sign-in sheet, badges, certificates) hold thousands of people and no
 * form: hydrating them would send every row a second time as data and build it again in the
 * browser. They go out as HTML with only the Print button's script.
 */
export const printPageHandle: PageHandle = { hydrate: false, script: "/print-button.js" };

export function sendsScripts(handles: unknown[]): boolean {
  return !handles.some((handle) => (handle as PageHandle | undefined)?.hydrate === false);
}

/** The static scripts the matched routes ask for, each once. */
export function staticScripts(handles: unknown[]): string[] {
  return [...new Set(handles.map((handle) => (handle as PageHandle | undefined)?.script).filter((script): script is string => Boolean(script)))];
}
