// Where to go after signing in. Only a path on this site: the value is resolved as a URL against the
// app's own origin, exactly as a browser would resolve it in a Location header, and kept only when the
// result is still on that origin. Browsers strip tabs and newlines and read backslashes as slashes, so
// string checks ("starts with / but not //") let "/\t/evil.example" through; resolving does not.
const BASE = "http://taphuan.invalid";
const MAX_LENGTH = 2000;

export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  // Only a path: not "https://…", not "javascript:…", not "//host".
  if (!to.startsWith("/")) return fallback;
  // Control characters and backslashes have no place in our own paths; browsers would rewrite them.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username || url.password) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//evil" resolves to the path "//evil", which a browser reads as another host.
  if (path.startsWith("//")) return fallback;
  // "/%2F%2Fevil" stays a path here, but some proxies decode before routing: refuse encoded slashes at the start.
  if (/^\/(%2f|%5c)/i.test(url.pathname)) return fallback;
  // Nor encoded control characters ("/%09/evil"): no path of ours has one, and a decoding hop would strip it.
  if (/%(0[0-9a-f]|1[0-9a-f]|7f)/i.test(path)) return fallback;
  return path;
}
