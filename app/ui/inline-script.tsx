// Small enhancements on pages without the React runtime (decision 0049): a few lines of plain script in
// the page itself, allowed by the request's CSP nonce. Options go in as JSON made safe for a <script>
// element (no "</script>", no "<!--"), never pasted into the code as text.
import { useNonce } from "./nonce";

/** JSON that cannot end or comment out the <script> element it sits in. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** `code` is a function expression in plain ES5 taking one argument; it is called with `options`. */
export function InlineScript({ code, options }: { code: string; options: unknown }) {
  const nonce = useNonce();
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `(${code})(${scriptJson(options)});` }} />;
}
