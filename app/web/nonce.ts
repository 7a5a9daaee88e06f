import { createContext, useContext } from "react";

/**
 * The nonce the Content-Security-Policy allows scripts by, for this response. Set on the server
 * around the render (entry.server.tsx); in the browser it is empty, and not needed: the page's
 * scripts have run by then.
 */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
