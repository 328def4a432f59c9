/**
 * Server-Sent Events parsing for streamed chat completions (the `text/event-stream` format of the
 * WHATWG HTML spec, the subset OpenAI-compatible servers use). Handles every chunk boundary: an
 * event or a line split across reads, several events in one read, a `\r\n` split between reads,
 * `\r\n` / `\n` / `\r` line ends, comment lines (`: keep-alive`), multi-line `data:` and a UTF-8
 * character split across reads. `data: [DONE]` is an ordinary event here; the caller decides.
 */

/** One dispatched event: its `event:` type (default `message`) and its `data:` lines joined by `\n`. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser: feed decoded text with {@link SseParser.push}, get the events completed by
 * it. An event is dispatched at the blank line that ends it; per the spec, an event not ended by a
 * blank line when the stream closes is discarded.
 */
export class SseParser {
  /** Text of the line being read (no line end yet). */
  private line = "";
  /** The previous chunk ended with `\r`: a `\n` at the start of the next one belongs to it. */
  private afterCr = false;
  private data: string[] = [];
  private eventType = "";
  private sawData = false;
  private started = false;

  /** Parses `text` (any slice of the stream) and returns the events it completes, in order. */
  push(text: string): SseEvent[] {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */ && this.afterCr && i === start && this.line === "") {
        // second half of a `\r\n` whose `\r` ended the previous chunk or line
        this.afterCr = false;
        start = i + 1;
        continue;
      }
      this.afterCr = false;
      if (c === 10 || c === 13) {
        const event = this.endLine(this.line + text.slice(start, i));
        this.line = "";
        if (event) events.push(event);
        if (c === 13) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 10) i++;
          } else {
            this.afterCr = true;
          }
        }
        start = i + 1;
      }
    }
    this.line += text.slice(start);
    return events;
  }

  /** Handles one complete line; returns the event a blank line dispatches. */
  private endLine(line: string): SseEvent | undefined {
    if (line === "") {
      if (!this.sawData) {
        this.eventType = "";
        return undefined;
      }
      const event = { event: this.eventType || "message", data: this.data.join("\n") };
      this.data = [];
      this.eventType = "";
      this.sawData = false;
      return event;
    }
    if (line.startsWith(":")) return undefined; // comment
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      this.data.push(value);
      this.sawData = true;
    } else if (field === "event") {
      this.eventType = value;
    }
    // `id`, `retry` and unknown fields do not matter to a chat stream.
    return undefined;
  }
}

/**
 * The events of a byte stream (a `fetch` response body), decoded as UTF-8 across chunk
 * boundaries. Stops when the stream ends or its reader throws (an abort propagates).
 */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  for await (const chunk of body) {
    for (const event of parser.push(decoder.decode(chunk, { stream: true }))) yield event;
  }
  for (const event of parser.push(decoder.decode())) yield event;
}
