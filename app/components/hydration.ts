import { useEffect, useState } from "react";

/** True until the first render in the browser (hydrating the server's HTML) has been committed. */
let hydrating = true;

/** Called once by the root: anything rendered from now on is new to the page, not hydrated. */
export function useHydrationDone(): void {
  useEffect(() => {
    hydrating = false;
  }, []);
}

/** Whether this component's first render was hydrating HTML the server sent (on the server too: false there, like the browser's first render). */
export function useRenderedByServer(): boolean {
  const [byServer] = useState(() => hydrating);
  return byServer;
}
