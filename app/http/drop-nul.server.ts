// React 18.3's streaming renderer (renderToPipeableStream) writes its 2 KB buffer whole when the next
// multi-byte character does not fit at its end (react-dom-server writeStringChunk: `writeToDestination(
// destination, currentView)` instead of the written part), so the page gets a 0x00 byte there. In text
// the browser drops it; in an attribute it shows "�" — seen as "Ph�òng Nội vụ" in a chart's aria-label
// when a page's bytes happened to put "ò" at a buffer's end. HTML never carries NUL (a parse error in
// every position), so the page's stream drops them on the way out. Remove when React is fixed.
import { Transform, type TransformCallback } from "node:stream";

export class DropNul extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    done(null, chunk.indexOf(0) === -1 ? chunk : Buffer.from(chunk.filter((byte) => byte !== 0)));
  }
}
