/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single-fetch typing and the load context that server.mjs passes to every loader and action.
// This file must stay a module (the `export {}`), or every "@remix-run/node" import fails tsc.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    clientIp: string;
    cspNonce: string;
  }
}
export {};
