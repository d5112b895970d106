import pkg from "../../package.json";

/** What this build reports as its version: the deploy sets BOURSE_VERSION (a git sha), else package.json. */
export const version = process.env.BOURSE_VERSION || pkg.version;
