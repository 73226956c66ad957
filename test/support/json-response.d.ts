/**
 * Tests read JSON answers loosely and check their shape with expect(): within the test program only,
 * `Response.json()` gives `any` (what the DOM typing gave before), where Node's own typing gives
 * `unknown`. The server program (../tsconfig.json) keeps `unknown`.
 */
declare global {
  interface Response {
    // biome-ignore lint/suspicious/noExplicitAny: test answers are checked at run time by expect()
    json(): Promise<any>;
  }
}

export {};
