import { expect, test } from "vitest";
import { communityText, compareCommunities, parseCommunity, type BGPCommunity } from "./community.js";

test.for([
  { text: "65000:100", want: "65000:100" },
  { text: "01:02", want: "1:2" },
  { text: "0:0", want: "0:0" },
  { text: "large:4294967295:1:2", want: "large:4294967295:1:2" },
])("parses $text as $want", ({ text, want }) => {
  const r = parseCommunity(text);
  expect(r.ok && communityText(r.community)).toBe(want);
});

test.for([
  { text: "65536:1", problem: "value" },
  { text: "-1:1", problem: "value" },
  { text: "a:b", problem: "value" },
  { text: "huge:1:2:3", problem: "value" },
  { text: "large:1:2:4294967296", problem: "value" },
  { text: "my-alias", problem: "format" },
  { text: "1:2:3", problem: "format" },
])("rejects $text ($problem)", ({ text, problem }) => {
  const r = parseCommunity(text);
  expect(r.ok ? "ok" : r.problem).toBe(problem);
});

test("standard A:B sorts as the large community (A<<16|B):0:0", () => {
  const parse = (t: string): BGPCommunity => {
    const r = parseCommunity(t);
    if (!r.ok) throw new Error(t);
    return r.community;
  };
  const sorted = ["large:65536:0:1", "1:0", "0:5", "large:1:0:0", "large:65537:0:0"].map(parse).sort(compareCommunities).map(communityText);
  expect(sorted).toEqual(["large:1:0:0", "0:5", "1:0", "large:65536:0:1", "large:65537:0:0"]);
});
