import { describe, expect, test } from "vitest";
import { sectionsOf, withSection } from "./report-sections.js";

describe("benchmark report sections", () => {
  test("a section is appended, then replaced in place; other text stays", () => {
    const first = withSection("# Bench\n\ntable\n", "soak", "run 1");
    expect(first).toBe("# Bench\n\ntable\n\n<!-- section:soak -->\nrun 1\n<!-- /section:soak -->\n");
    const second = withSection(`${first}\ntrailer\n`, "soak", "run 2 with $& and $1");
    expect(second).toBe("# Bench\n\ntable\n\n<!-- section:soak -->\nrun 2 with $& and $1\n<!-- /section:soak -->\n\ntrailer\n");
    expect([...sectionsOf(second).keys()]).toEqual(["soak"]);
  });
});
