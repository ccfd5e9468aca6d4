// Bundles the browser assets into the jar's static/assets folder (OUT_DIR is set by the Maven build).
// No CDN at run time: everything the pages load comes from here.
import * as esbuild from 'esbuild';
import path from 'node:path';

const outDir = process.env.OUT_DIR ?? path.resolve('../target/classes/static');

await esbuild.build({
  entryPoints: { app: 'src/app.js', style: 'src/app.css' },
  outdir: path.join(outDir, 'assets'),
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  format: 'iife',
  logLevel: 'info',
  legalComments: 'none',
  loader: { '.svg': 'file' },
});

// Static files copied as they are.
import { copyFile } from 'node:fs/promises';
await copyFile('src/favicon.svg', path.join(outDir, 'assets', 'favicon.svg'));
