// /verify: the public form (number + check code, or a pasted signed code). Public, no sign-in, a GET
// form (works without JavaScript); a complete pair goes to /verify/<number>?code=… (issue 17 item 3).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NUMBER_SHAPE } from "~/certificates/issue.server";
import { parseSignedCode } from "~/certificates/signing.server";
import { VerifyForm, type VerifyFormErrors } from "~/certificates/verify-view";
import { t } from "~/i18n/vi";

export const meta: MetaFunction = () => [
  { title: `${t.certificates.verifyTitle} · ${t.app.name}` },
  { name: "robots", content: "noindex" },
];

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has("number") && !url.searchParams.has("code")) return { number: "", code: "", errors: {} as VerifyFormErrors };
  let number = (url.searchParams.get("number") ?? "").trim().toUpperCase();
  const code = (url.searchParams.get("code") ?? "").trim();
  const errors: VerifyFormErrors = {};
  const signed = code.includes(".") ? parseSignedCode(code) : undefined;
  if (!number && signed) number = signed.claims.n;
  if (!number) errors.number = t.certificates.verifyNumberMissing;
  else if (!NUMBER_SHAPE.test(number)) errors.number = t.certificates.verifyNumberShape;
  if (!code) errors.code = t.certificates.verifyCodeMissing;
  if (errors.number || errors.code) return { number, code: code.slice(0, 2000), errors };
  throw redirect(`/verify/${encodeURIComponent(number)}?code=${encodeURIComponent(code)}`);
}

export default function Verify() {
  const { number, code, errors } = useLoaderData<typeof loader>();
  return (
    <section className="card auth-card">
      <h1>{t.certificates.verifyTitle}</h1>
      <p>{t.certificates.verifyIntro}</p>
      <VerifyForm number={number} code={code} errors={errors} />
    </section>
  );
}
