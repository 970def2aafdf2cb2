// /verify/<number>?code=<check code or signed code>: the public check page (issue 17 items 3 and 7).
// No sign-in; rate-limited per address (app/http/guards.server.ts); any wrong pair says only
// "không tìm thấy" (404), so numbers cannot be enumerated.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyCertificate } from "~/certificates/certificates.server";
import { VerifyForm, VerifyResultCard } from "~/certificates/verify-view";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [
  { title: `${t.certificates.verifyTitle} · ${t.app.name}` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = (params.number ?? "").trim().toUpperCase().slice(0, 40);
  const code = (new URL(request.url).searchParams.get("code") ?? "").trim();
  const result = await verifyCertificate(number, code);
  const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
  if (!result) return data({ result: null, number, code: code.slice(0, 2000) }, { status: 404, headers });
  return data({ result, number, code: "" }, { headers });
}

export default function VerifyNumber() {
  const { result, number, code } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t.certificates.verifyTitle}</h1>
      {result ? (
        <>
          <VerifyResultCard result={result} />
          <p>
            <Link to="/verify">{t.certificates.verifyAnother}</Link>
          </p>
        </>
      ) : (
        <section className="card auth-card">
          <p className="alert alert--error" role="alert" data-testid="verify-not-found">
            <strong>{t.certificates.notFound}</strong>
          </p>
          <p>{t.certificates.notFoundHelp}</p>
          <VerifyForm number={number} code={code} errors={{}} />
        </section>
      )}
    </div>
  );
}
