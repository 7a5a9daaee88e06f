/** The 404 every page throws for what is not there, or not the reader's to see. */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}
