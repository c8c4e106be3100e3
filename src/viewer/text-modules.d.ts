/** Files Bun embeds as text (`import x from "..." with { type: "text" }`): their content as a string. */
declare module "uplot/dist/uPlot.min.css" {
  const text: string;
  export default text;
}
declare module "uplot/dist/uPlot.iife.min.js" {
  const text: string;
  export default text;
}
