import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/auth/session.server";

// Sign-out is a POST (a link prefetch must never end a session); GET just goes home.
export async function action({ request }: ActionFunctionArgs) {
  const cookie = await logout(request);
  return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  return redirect("/");
}
