/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
import "./web/context.server";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
