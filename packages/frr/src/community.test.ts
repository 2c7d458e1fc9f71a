import { expect, test } from "vitest";
import { parseCommunity } from "./community.js";

test.for([
  { text: "65000:100", want: { large: false, text: "65000:100", value: "65000:100" } },
  { text: "0065:0100", want: { large: false, text: "65:100", value: "65:100" } },
  { text: "65535:65535", want: { large: false, text: "65535:65535", value: "65535:65535" } },
  { text: "large:4294967295:0:01", want: { large: true, text: "large:4294967295:0:1", value: "4294967295:0:1" } },
])("$text is accepted", ({ text, want }) => {
  expect(parseCommunity(text)).toEqual({ ok: true, community: want });
});

test.for(["65536:1", "1:2:3", "no-export", "large:1:2", "large:4294967296:0:0", "-1:1", "1:", ""])("%s is rejected", (text) => {
  expect(parseCommunity(text).ok).toBe(false);
});
