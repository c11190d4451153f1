/** svgcanvas (MIT, a maintained fork of canvas2svg) ships no types; web/lib/export-image.ts uses only `Context`. */
declare module 'svgcanvas' {
  export class Context {
    constructor(options: { width: number; height: number });
    getSvg(): SVGSVGElement;
    getSerializedSvg(): string;
  }
}
