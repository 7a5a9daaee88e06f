import { useEffect, useState } from "react";

/** True until the first render in the browser (hydrating the server's HTML) has been committed. */
let hydrating = true;

/** Called once by the root: anything rendered from now on is new to the page, not hydrated. */
export function useHydrationDone(): void {
  useEffect(() => {
    hydrating = false;
  }, []);
}

/** Whether this component's first render was hydrating HTML the server sent (true on the server too, so both renders agree). */
export function useRenderedByServer(): boolean {
  const [byServer] = useState(() => hydrating);
  return byServer;
}
