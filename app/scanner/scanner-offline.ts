/**
 * Lets the service worker keep this scanner page and its build files, for a reload without a
 * connection (public/checkin-sw.js). Browsers allow service workers on secure origins only.
 */
export async function keepScannerForOffline(): Promise<void> {
  if (!window.isSecureContext || !("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/checkin-sw.js", { scope: "/checkin/" });
    // Not `serviceWorker.ready`: it follows the URL the document was loaded at, and a scanner
    // reached by a link from an admin page was loaded outside the worker's scope.
    const worker = registration.active ?? (await activation(registration.installing ?? registration.waiting));
    const files = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => new URL(name).origin === location.origin && new URL(name).pathname.startsWith("/build/"));
    worker?.postMessage({ type: "keep", page: location.pathname, files });
  } catch {
    // No offline copy: the scanner works as long as the connection does.
  }
}

function activation(worker: ServiceWorker | null): Promise<ServiceWorker | null> {
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const check = () => {
      if (worker.state === "activated") resolve(worker);
      else if (worker.state === "redundant") resolve(null);
    };
    worker.addEventListener("statechange", check);
    check();
  });
}
