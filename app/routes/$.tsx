// Any URL no route claims: a real 404 with the Vietnamese error page.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export { ErrorBoundary } from "~/ui/error-boundary";
