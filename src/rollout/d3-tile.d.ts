// d3-tile 1.0 ships no types: the part of its API the map uses (see its README).
declare module 'd3-tile' {
  /** Visible tiles as [x, y, z], with where to draw them: tile (x, y) goes at ((x + tx) · scale, (y + ty) · scale). */
  export interface Tiles extends Array<[number, number, number]> {
    translate: [number, number];
    scale: number;
  }

  export interface TileLayout {
    (): Tiles;
    size(size: [number, number]): TileLayout;
    extent(extent: [[number, number], [number, number]]): TileLayout;
    /** The width of the whole world (tile 0/0/0) in pixels. */
    scale(scale: number): TileLayout;
    /** Where the centre of the world tile falls, in pixels. */
    translate(translate: [number, number]): TileLayout;
    tileSize(size: number): TileLayout;
    zoomDelta(delta: number): TileLayout;
    clamp(clamp: boolean): TileLayout;
  }

  export function tile(): TileLayout;
  export function tileWrap(tile: [number, number, number]): [number, number, number];
}
