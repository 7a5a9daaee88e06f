/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The HTTP server (app/server.ts) is bundled with the app into build/index.js,
  // so `node build/index.js` is the whole production server.
  server: "./app/server.ts",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
