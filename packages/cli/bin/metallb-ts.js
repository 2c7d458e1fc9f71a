#!/usr/bin/env node
// Thin launcher: runs the built CLI (npm run build first).
import { main } from "../dist/main.js";
process.exitCode = await main(process.argv.slice(2));
