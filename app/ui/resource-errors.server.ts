// Resource routes (exports, files) answer errors as plain text, without the error page: the body
// must still be Vietnamese, not the bare "Forbidden" / "Not Found" a thrown Response carries.
import { t } from "~/i18n/vi";

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function textFor(status: number, body: string): string {
  if (status === 403) return `${t.errors.forbiddenTitle}. ${t.errors.forbidden}`;
  if (status === 404) return `${t.errors.notFoundTitle}. ${t.errors.notFound}`;
  if (status === 401) return t.errors.unauthorized;
  if (status === 405) return `${t.inputs.errorTitles[405]}. ${t.inputs.methodNotAllowed}`;
  if (status >= 500) return t.errors.generic;
  return VIETNAMESE.test(body) ? body : t.errors.badRequest;
}

/** A thrown error Response with a Vietnamese plain-text body (redirects pass through). */
export async function vietnameseError(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const body = await response.text().catch(() => "");
  return new Response(textFor(response.status, body), {
    status: response.status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/** Wraps a resource route's loader so every error it throws or returns answers in Vietnamese. */
export function withVietnameseErrors<A>(loader: (args: A) => Promise<Response>): (args: A) => Promise<Response> {
  return async (args) => {
    try {
      const response = await loader(args);
      return response.status >= 400 ? await vietnameseError(response) : response;
    } catch (thrown) {
      if (thrown instanceof Response) throw await vietnameseError(thrown);
      throw thrown;
    }
  };
}

/**
 * `export const action = methodNotAllowed` in a resource route that only answers GET: without it a
 * POST gets Remix's English JSON ("Unexpected Server Error") with its 405.
 */
export async function methodNotAllowed(): Promise<Response> {
  throw new Response(textFor(405, ""), { status: 405, headers: { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" } });
}
