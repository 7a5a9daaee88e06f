/**
 * A form action's body. Without a form content type, or with a broken multipart body, the
 * platform's `formData()` throws; that is the sender's mistake, so it gets a 400, not a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("요청 본문을 양식으로 읽을 수 없습니다.\nThe request body is not a readable form.", { status: 400 });
  }
}
