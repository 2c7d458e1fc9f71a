// docs/benchmarks.md is written by more than one tool (the convergence bench, the soak). Each owns a
// section between markers; a tool rewrites its own section and keeps the others as they are.
import { existsSync, readFileSync } from "node:fs";

const begin = (name: string) => `<!-- section:${name} -->`;
const end = (name: string) => `<!-- /section:${name} -->`;

/** The sections (markers included) found in `text`, by name. */
export function sectionsOf(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(/<!-- section:([\w-]+) -->[\s\S]*?<!-- \/section:\1 -->/g)) found.set(m[1]!, m[0]);
  return found;
}

/** `text` with section `name` replaced by `body` (appended when it was not there). */
export function withSection(text: string, name: string, body: string): string {
  const block = `${begin(name)}\n${body.trim()}\n${end(name)}`;
  const existing = sectionsOf(text).get(name);
  if (existing !== undefined) return text.replace(existing, () => block);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** The file's sections other than `own`, to carry over when a tool rewrites the file. */
export function otherSections(path: string, own?: string): string[] {
  if (!existsSync(path)) return [];
  return [...sectionsOf(readFileSync(path, "utf8"))].filter(([name]) => name !== own).map(([, block]) => block);
}
