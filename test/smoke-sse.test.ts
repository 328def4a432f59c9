/**
 * The SSE parser of `gpukit smoke` on every chunk boundary: an event split across reads (at every
 * position), several events in one read, `\r\n` split between reads, `\r` alone, comments,
 * multi-line data, `[DONE]`, a UTF-8 character split across reads, and an unterminated last event.
 */
import { describe, expect, it } from "vitest";
import { SseParser, sseEvents, type SseEvent } from "../cli/smoke/sse";

/** Feeds `chunks` to one parser and collects every event. */
function parse(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
}

const STREAM = ': keep-alive\r\n\r\ndata: {"a":1}\r\n\r\nevent: note\ndata: line one\ndata: line two\n\ndata:no-space\r\rdata: [DONE]\n\n';
const EXPECTED: SseEvent[] = [
  { event: "message", data: '{"a":1}' },
  { event: "note", data: "line one\nline two" },
  { event: "message", data: "no-space" },
  { event: "message", data: "[DONE]" },
];

describe("SseParser", () => {
  it("parses a whole stream in one read: comments skipped, \\r\\n, \\n and \\r line ends, multi-line data, event type", () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it("gives the same events whatever position the stream is cut at into two reads", () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it("gives the same events when every character arrives in its own read", () => {
    expect(parse([...STREAM])).toEqual(EXPECTED);
  });

  it("a \\r\\n split between reads ends one line, not two (no spurious empty event boundary)", () => {
    // If the \n after a read-final \r counted as a second line end, `data: b` would be dispatched
    // alone and `data: c` would start a new event.
    expect(parse(["data: a\r", "\ndata: b\r", "\ndata: c\r\n\r\n"])).toEqual([{ event: "message", data: "a\nb\nc" }]);
  });

  it("several events in one read come out in order; a read ending mid-event keeps its half", () => {
    const parser = new SseParser();
    expect(parser.push('data: 1\n\ndata: 2\n\ndata: {"x"')).toEqual([
      { event: "message", data: "1" },
      { event: "message", data: "2" },
    ]);
    expect(parser.push(": comment in between would be a new line, so not here\n")).toEqual([]);
    // The half line `data: {"x"` ended at the \n above with the comment text appended to it.
    expect(parser.push("\n")).toEqual([{ event: "message", data: '{"x": comment in between would be a new line, so not here' }]);
  });

  it("a blank line without data dispatches nothing; an event not ended by a blank line is not dispatched", () => {
    expect(parse(["\n\n\r\n", "event: x\n\n", "data: unfinished"])).toEqual([]);
  });

  it("keeps one space after the colon out of the value and a field without a colon is a name with an empty value", () => {
    expect(parse(["data:  two spaces\ndata\n\n"])).toEqual([{ event: "message", data: " two spaces\n" }]);
  });
});

describe("sseEvents", () => {
  it("decodes UTF-8 split across chunks and strips a leading BOM", async () => {
    const bytes = new TextEncoder().encode("\uFEFFdata: 你好\n\ndata: [DONE]\n\n");
    // Cut inside the 3-byte encoding of 你 (bytes 9..11 after the 3-byte BOM and "data: ").
    const chunks = [bytes.slice(0, 10), bytes.slice(10, 11), bytes.slice(11)];
    async function* body() {
      for (const c of chunks) yield c;
    }
    const events: SseEvent[] = [];
    for await (const e of sseEvents(body())) events.push(e);
    expect(events).toEqual([
      { event: "message", data: "你好" },
      { event: "message", data: "[DONE]" },
    ]);
  });
});
