/**
 * Knowing when a response is really finished. An SSE response is returned at once and written
 * later, so in-flight slots, audit rows and the request log wait for the end of its body: the
 * last chunk read, a cancel (client gone), or an error.
 */

/**
 * Returns a response with the same status and headers whose body calls `onDone` exactly once
 * when it ends. A response that is not an SSE stream is already complete: `onDone` runs at once
 * and the response is returned as it is.
 */
export function trackBody(response: Response, onDone: () => void): Response {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    onDone();
  };
  // Only a stream is written after the handler returns; any other body is complete already.
  if (response.body === null || !(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    finish();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          finish();
        } else {
          controller.enqueue(value);
        }
      } catch (e) {
        controller.error(e);
        finish();
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
