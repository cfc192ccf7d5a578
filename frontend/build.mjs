// Copies GOV.UK Frontend's and MoJ Frontend's fonts, images and JavaScript into static/dist/, beside the CSS that
// `npm run build` compiles. Plain Node, so the build needs nothing but `npm ci` on any platform.
import { cpSync, mkdirSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
const moj = "node_modules/@ministryofjustice/frontend/moj";
const dist = "static/dist";

mkdirSync(dist, { recursive: true });

// app.scss points both libraries' asset urls at /static/dist/assets/; their file names do not clash.
cpSync(`${govuk}/assets`, `${dist}/assets`, { recursive: true });
cpSync(`${moj}/assets`, `${dist}/assets`, { recursive: true });

// The source maps go too: the bundles name them, and Django's manifest storage fails collectstatic on a
// reference to a missing file.
for (const file of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  cpSync(`${govuk}/${file}`, `${dist}/${file}`);
}
for (const file of ["moj-frontend.min.js", "moj-frontend.min.js.map"]) {
  cpSync(`${moj}/${file}`, `${dist}/${file}`);
}
